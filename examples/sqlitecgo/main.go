// Command sqlitecgo keeps notes in SQLite through github.com/mattn/go-sqlite3,
// which compiles SQLite's C sources with cgo. This program has no cgo of its
// own: it needs cgo only through that dependency. Built without cgo, the
// driver compiles to a stub that fails when a database is opened.
package main

import (
	"database/sql"
	"fmt"
	"log"
	"os"

	_ "github.com/mattn/go-sqlite3"
)

const name = "sqlitecgo"

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	path := os.Getenv("NOTES_DB")
	if path == "" {
		path = "notes.db"
	}
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	count, err := notes(db, os.Args[1:])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d notes\n", count)
}

// notes stores each text as a note and returns how many there are.
func notes(db *sql.DB, texts []string) (int, error) {
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("creating the table: %w", err)
	}
	for _, text := range texts {
		if _, err := db.Exec(`INSERT INTO notes (text) VALUES (?)`, text); err != nil {
			return 0, fmt.Errorf("inserting %q: %w", text, err)
		}
	}
	var count int
	if err := db.QueryRow(`SELECT count(*) FROM notes`).Scan(&count); err != nil {
		return 0, fmt.Errorf("counting: %w", err)
	}
	return count, nil
}

// selftest opens an in-memory database, which runs SQLite's C code.
func selftest() error {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database
	var version string
	if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&version); err != nil {
		return fmt.Errorf("sqlite_version(): %w", err)
	}
	count, err := notes(db, []string{"first", "second"})
	if err != nil {
		return err
	}
	if count != 2 {
		return fmt.Errorf("expected 2 notes, found %d", count)
	}
	var text string
	if err := db.QueryRow(`SELECT text FROM notes WHERE text LIKE 'sec%'`).Scan(&text); err != nil || text != "second" {
		return fmt.Errorf("querying a note: %q, %v", text, err)
	}
	return nil
}
