// Package web renders pages from embedded templates.
package web

import (
	"embed"
	"html/template"
	"io"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.tmpl"))

// Page is the data rendered by the page template.
type Page struct {
	Title string
	Body  string
}

// Render writes p through the page template.
func Render(w io.Writer, p Page) error {
	return pages.ExecuteTemplate(w, "page.tmpl", p)
}

// TemplateSource returns the raw source of the page template.
func TemplateSource() ([]byte, error) {
	return templateFS.ReadFile("templates/page.tmpl")
}
