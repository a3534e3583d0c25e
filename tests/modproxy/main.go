// Command modproxy is a Go module proxy for godock's tests: it serves the
// modules it is given over the module proxy protocol (GOPROXY: /@v/list,
// .info, .mod, .zip), over TLS with a certificate authority it makes for the
// run, and only to clients that give HTTP basic auth credentials (the go
// command sends them from .netrc, over HTTPS only).
//
//	modproxy -user U -password P -ca-out ca.pem -log requests.log \
//	    -module example.test/private@v1.0.0=/path/to/its/source
//
// It listens on 127.0.0.1 (an ephemeral port unless -listen says otherwise),
// prints its URL on stdout once it accepts connections, logs one line a
// request (method, path, status, whether credentials came and were right),
// and exits when its standard input closes, so that a test that dies does not
// leave it running.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// module is one module@version the proxy serves, read from a directory.
type module struct {
	path, version string
	goMod, zip    []byte
	time          time.Time
}

type modules []*module

func (m *modules) String() string { return fmt.Sprint(len(*m), " modules") }

// Set reads `path@version=dir`.
func (m *modules) Set(value string) error {
	spec, dir, ok := strings.Cut(value, "=")
	path, version, ok2 := strings.Cut(spec, "@")
	if !ok || !ok2 || path == "" || !strings.HasPrefix(version, "v") || dir == "" {
		return fmt.Errorf("%q: want path@version=dir", value)
	}
	goMod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	archive, err := moduleZip(path, version, dir)
	if err != nil {
		return err
	}
	*m = append(*m, &module{path: path, version: version, goMod: goMod, zip: archive,
		time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	return nil
}

// moduleZip packs dir as the go command expects a module's zip: every file
// under the prefix path@version/.
func moduleZip(path, version, dir string) ([]byte, error) {
	var buffer bytes.Buffer
	archive := zip.NewWriter(&buffer)
	err := filepath.WalkDir(dir, func(file string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		relative, err := filepath.Rel(dir, file)
		if err != nil {
			return err
		}
		content, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		writer, err := archive.Create(path + "@" + version + "/" + filepath.ToSlash(relative))
		if err != nil {
			return err
		}
		_, err = writer.Write(content)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = archive.Close()
	return buffer.Bytes(), err
}

// escape is the module proxy protocol's case encoding: an upper-case letter
// becomes '!' and its lower case.
func escape(path string) string {
	var out strings.Builder
	for _, r := range path {
		if 'A' <= r && r <= 'Z' {
			out.WriteByte('!')
			r += 'a' - 'A'
		}
		out.WriteRune(r)
	}
	return out.String()
}

// certificate makes a CA for the run and a server certificate it signs for
// 127.0.0.1, ::1 and localhost; it returns the server's and the CA's PEM.
func certificate() (tls.Certificate, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "godock test module proxy CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key, Leaf: nil}, caPEM, nil
}

type proxy struct {
	modules        modules
	user, password string
	logMu          sync.Mutex
	log            io.Writer
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, password, given := r.BasicAuth()
	right := given &&
		subtle.ConstantTimeCompare([]byte(user), []byte(p.user)) == 1 &&
		subtle.ConstantTimeCompare([]byte(password), []byte(p.password)) == 1
	status := p.serve(w, r, right)
	p.logMu.Lock()
	defer p.logMu.Unlock()
	credentials := "none"
	if given {
		credentials = map[bool]string{true: "right", false: "wrong"}[right]
	}
	fmt.Fprintf(p.log, "%s %s %d credentials=%s\n", r.Method, r.URL.Path, status, credentials)
}

func (p *proxy) serve(w http.ResponseWriter, r *http.Request, authorized bool) int {
	if !authorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="godock test module proxy"`)
		http.Error(w, "401 Unauthorized: this proxy needs credentials", http.StatusUnauthorized)
		return http.StatusUnauthorized
	}
	for _, m := range p.modules {
		prefix := "/" + escape(m.path) + "/@v/"
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			if r.URL.Path == "/"+escape(m.path)+"/@latest" {
				return p.info(w, m)
			}
			continue
		}
		switch rest {
		case "list":
			var versions []string
			for _, other := range p.modules {
				if other.path == m.path {
					versions = append(versions, other.version)
				}
			}
			fmt.Fprintln(w, strings.Join(versions, "\n"))
			return http.StatusOK
		case escape(m.version) + ".info":
			return p.info(w, m)
		case escape(m.version) + ".mod":
			w.Write(m.goMod) //nolint:errcheck
			return http.StatusOK
		case escape(m.version) + ".zip":
			w.Header().Set("Content-Type", "application/zip")
			w.Write(m.zip) //nolint:errcheck
			return http.StatusOK
		}
	}
	http.NotFound(w, r)
	return http.StatusNotFound
}

func (p *proxy) info(w http.ResponseWriter, m *module) int {
	json.NewEncoder(w).Encode(map[string]any{"Version": m.version, "Time": m.time}) //nolint:errcheck
	return http.StatusOK
}

func main() {
	var p proxy
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	caOut := flag.String("ca-out", "", "where to write the CA certificate (PEM) clients must trust")
	logPath := flag.String("log", "", "request log (default: standard error)")
	flag.Var(&p.modules, "module", "path@version=dir: a module to serve (repeatable)")
	flag.StringVar(&p.user, "user", "", "the basic auth user clients must give")
	flag.StringVar(&p.password, "password", "", "the basic auth password clients must give")
	flag.Parse()
	if p.user == "" || p.password == "" || *caOut == "" || len(p.modules) == 0 {
		log.Fatal("modproxy: -user, -password, -ca-out and at least one -module are required")
	}
	p.log = os.Stderr
	if *logPath != "" {
		file, err := os.Create(*logPath)
		if err != nil {
			log.Fatal(err)
		}
		defer file.Close()
		p.log = file
	}
	cert, caPEM, err := certificate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*caOut, caPEM, 0o644); err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	server := &http.Server{
		Handler:           &p,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Printf("https://%s\n", listener.Addr())
	os.Stdout.Sync() //nolint:errcheck
	go func() {
		// Until the test that started it closes our standard input (or dies).
		io.Copy(io.Discard, bufio.NewReader(os.Stdin)) //nolint:errcheck
		server.Close()                                 //nolint:errcheck
	}()
	if err := server.ServeTLS(listener, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
