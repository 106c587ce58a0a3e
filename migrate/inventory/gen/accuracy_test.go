//go:build sdkwide

package main

// The accuracy check reads the REST operations again, without the
// generator's code: on the legacy side each client method's ...Preparer
// (autorest.As<Method>, autorest.WithPath/WithPathParameters, the
// "api-version" query parameter), on the new side each client method's
// ...CreateRequest (runtime.NewRequest's http.Method<X>, urlPath, the
// "api-version" query value), found by the SDKs' naming rules. Every entry
// of the embedded map with a target is compared: HTTP method, normalized
// path template, and where the api-version comes from (none, fixed by the
// client, or the caller's). A disagreement fails unless
// testdata/accuracy_allow.txt lists it with a reason; an allow-list line
// that agrees fails too. The kind (a ...Future against a Begin... method)
// is counted, not failed: an operation that is long-running in one API
// version and not in another (network's UpdateTags) keeps its REST
// operation.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/module"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// restCall is one REST call as the second reader sees it.
type restCall struct {
	method     string // GET, PUT, ...
	path       string // lower case, parameters as {}
	apiVersion string // "", "fixed" or "caller"
	async      bool   // a ...Future (legacy) or a Begin... method (new)
}

func (c restCall) String() string {
	kind := "sync"
	if c.async {
		kind = "async"
	}
	av := c.apiVersion
	if av == "" {
		av = "no api-version"
	} else {
		av += " api-version"
	}
	return fmt.Sprintf("%s %s (%s, %s)", c.method, c.path, av, kind)
}

var templateParam = regexp.MustCompile(`\{[^{}]*\}`)

func normalizePath(p string) string {
	p = strings.ToLower(templateParam.ReplaceAllString(p, "{}"))
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	if p == "" {
		p = "/"
	}
	return p
}

// A readPkg is one package's functions, by "Type.Method".
type readPkg struct {
	funcs map[string]*ast.FuncDecl
}

type reader struct {
	fset  *token.FileSet
	cache map[string]*readPkg
}

func (r *reader) pkg(dir string) (*readPkg, error) {
	if p, ok := r.cache[dir]; ok {
		return p, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &readPkg{funcs: map[string]*ast.FuncDecl{}}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(r.fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			rt := fd.Recv.List[0].Type
			if st, ok := rt.(*ast.StarExpr); ok {
				rt = st.X
			}
			id, ok := rt.(*ast.Ident)
			if !ok {
				continue
			}
			p.funcs[id.Name+"."+fd.Name.Name] = fd
		}
	}
	r.cache[dir] = p
	return p, nil
}

// params are the names of a function's parameters.
func params(fd *ast.FuncDecl) map[string]bool {
	out := map[string]bool{}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			out[n.Name] = true
		}
	}
	return out
}

// apiVersionSource says where a value set as the api-version comes from.
func apiVersionSource(e ast.Expr, ps map[string]bool) string {
	if id, ok := e.(*ast.Ident); ok && ps[id.Name] {
		return "caller"
	}
	return "fixed"
}

func isSel(e ast.Expr, x, sel string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == x && s.Sel.Name == sel
}

// legacyCall reads a v68 method's REST call from its Preparer.
func legacyCall(p *readPkg, typ, name string) (restCall, error) {
	fd := p.funcs[typ+"."+name]
	if fd == nil {
		return restCall{}, fmt.Errorf("no method %s.%s", typ, name)
	}
	c := restCall{}
	if fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
		if id, ok := fd.Type.Results.List[0].Type.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Future") {
			c.async = true
		}
	}
	prep := p.funcs[typ+"."+name+"Preparer"]
	if prep == nil {
		if base, ok := strings.CutSuffix(name, "Complete"); ok {
			prep = p.funcs[typ+"."+base+"Preparer"]
		}
	}
	if prep == nil {
		return restCall{}, fmt.Errorf("no preparer for %s.%s", typ, name)
	}
	ps := params(prep)
	c.method = "GET" // autorest.Prepare's default
	havePath := false
	ast.Inspect(prep.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if s, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := s.X.(*ast.Ident); ok && id.Name == "autorest" {
					switch {
					case strings.HasPrefix(s.Sel.Name, "As") && len(n.Args) == 0 && s.Sel.Name != "AsJSON" && s.Sel.Name != "AsOctetStream" && s.Sel.Name != "AsFormURLEncoded" && s.Sel.Name != "AsContentType":
						c.method = strings.ToUpper(strings.TrimPrefix(s.Sel.Name, "As"))
					case (s.Sel.Name == "WithPath" || s.Sel.Name == "WithPathParameters") && len(n.Args) > 0:
						if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							if v, err := strconv.Unquote(lit.Value); err == nil {
								c.path, havePath = normalizePath(v), true
							}
						}
					}
				}
			}
		case *ast.KeyValueExpr:
			if lit, ok := n.Key.(*ast.BasicLit); ok && lit.Value == `"api-version"` {
				c.apiVersion = apiVersionSource(n.Value, ps)
			}
		}
		return true
	})
	if !havePath {
		c.path = "/"
	}
	return c, nil
}

// createRequest finds the ...CreateRequest method that a new client's
// method sends: by the SDK's naming rule (Get: getCreateRequest,
// BeginCreate: createCreateRequest, NewListPager: listCreateRequest), else
// the one its body (or that of the unexported method it calls) names.
func createRequest(p *readPkg, typ, name string) *ast.FuncDecl {
	base := name
	if b, ok := strings.CutPrefix(base, "Begin"); ok {
		base = b
	} else if b, ok := strings.CutPrefix(base, "New"); ok && strings.HasSuffix(b, "Pager") {
		base = strings.TrimSuffix(b, "Pager")
	}
	if base != "" {
		if fd := p.funcs[typ+"."+strings.ToLower(base[:1])+base[1:]+"CreateRequest"]; fd != nil {
			return fd
		}
	}
	var walk func(fd *ast.FuncDecl, depth int) *ast.FuncDecl
	walk = func(fd *ast.FuncDecl, depth int) *ast.FuncDecl {
		var found *ast.FuncDecl
		var next []*ast.FuncDecl
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if s, ok := n.(*ast.SelectorExpr); ok {
				if g := p.funcs[typ+"."+s.Sel.Name]; g != nil && g != fd {
					if strings.HasSuffix(s.Sel.Name, "CreateRequest") {
						found = g
						return false
					}
					if !ast.IsExported(s.Sel.Name) {
						next = append(next, g)
					}
				}
			}
			return true
		})
		if found != nil || depth == 0 {
			return found
		}
		for _, g := range next {
			if f := walk(g, depth-1); f != nil {
				return f
			}
		}
		return nil
	}
	if fd := p.funcs[typ+"."+name]; fd != nil {
		return walk(fd, 2)
	}
	return nil
}

// newCall reads a new client method's REST call from its ...CreateRequest.
func newCall(p *readPkg, typ, name string) (restCall, error) {
	if p.funcs[typ+"."+name] == nil {
		return restCall{}, fmt.Errorf("no method %s.%s", typ, name)
	}
	cr := createRequest(p, typ, name)
	if cr == nil {
		return restCall{}, fmt.Errorf("no CreateRequest for %s.%s", typ, name)
	}
	ps := params(cr)
	c := restCall{path: "/", async: strings.HasPrefix(name, "Begin")}
	ast.Inspect(cr.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "urlPath" && n.Tok == token.DEFINE {
				if lit, ok := n.Rhs[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if v, err := strconv.Unquote(lit.Value); err == nil {
						c.path = normalizePath(v)
					}
				}
			}
		case *ast.CallExpr:
			if isSel(n.Fun, "runtime", "NewRequest") && len(n.Args) > 1 {
				if s, ok := n.Args[1].(*ast.SelectorExpr); ok && strings.HasPrefix(s.Sel.Name, "Method") {
					c.method = strings.ToUpper(strings.TrimPrefix(s.Sel.Name, "Method"))
				}
			}
			if s, ok := n.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Set" && len(n.Args) == 2 {
				if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Value == `"api-version"` {
					c.apiVersion = apiVersionSource(n.Args[1], ps)
				}
			}
		}
		return true
	})
	if c.method == "" {
		return restCall{}, fmt.Errorf("%s.%s: no runtime.NewRequest", typ, name)
	}
	return c, nil
}

// moduleDirs finds the module cache's directory of every module the map
// names, and of v68.
func moduleDirs(t *testing.T, m *inventory.Mapping) (map[string]string, string) {
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := strings.TrimSpace(string(cache))
	dir := func(path, version string) string {
		ep, err := module.EscapePath(path)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := module.EscapeVersion(version)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.Join(root, filepath.FromSlash(ep)+"@"+ev)
	}
	out := map[string]string{}
	for _, mod := range m.Modules {
		out[mod.Path] = dir(mod.Path, mod.Version)
	}
	var v struct{ Version string }
	listed, err := exec.Command("go", "list", "-m", "-json", v68).Output()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(listed, &v); err != nil {
		t.Fatal(err)
	}
	return out, dir(v68, v.Version)
}

// readAllowList reads "legacy-package Type.Method: reason" lines.
func readAllowList(t *testing.T) map[string]string {
	f, err := os.Open("testdata/accuracy_allow.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, reason, ok := strings.Cut(line, ": ")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Fatalf("accuracy_allow.txt: %q has no reason", line)
		}
		out[key] = reason
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMapAccuracy compares every mapped entry of the embedded map.
func TestMapAccuracy(t *testing.T) {
	m, err := inventory.Load()
	if err != nil {
		t.Fatal(err)
	}
	dirs, v68Dir := moduleDirs(t, m)
	allow := readAllowList(t)
	r := &reader{fset: token.NewFileSet(), cache: map[string]*readPkg{}}
	agree, kindChanged, allowed, curated, unmapped := 0, 0, 0, 0, 0
	var fails []string
	seenAllow := map[string]bool{}
	pkgs := make([]string, 0, len(m.Legacy))
	for p := range m.Legacy {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, pkgPath := range pkgs {
		rel, ok := strings.CutPrefix(pkgPath, v68+"/")
		types := m.Legacy[pkgPath]
		for typ, lc := range types {
			if lc.Curated || !ok {
				curated += len(lc.Methods)
				continue
			}
			lp, err := r.pkg(filepath.Join(v68Dir, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatal(err)
			}
			for name, tg := range lc.Methods {
				if tg.Client < 0 {
					unmapped++
					continue
				}
				key := rel + " " + typ + "." + name
				cl := m.Clients[tg.Client]
				mod := m.Modules[cl.Module]
				np, err := r.pkg(filepath.Join(dirs[mod.Path], filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(cl.Package, mod.Path), "/"))))
				if err != nil {
					t.Fatal(err)
				}
				old, err := legacyCall(lp, typ, name)
				if err != nil {
					fails = append(fails, key+": legacy: "+err.Error())
					continue
				}
				cur, err := newCall(np, cl.Type, tg.Method)
				if err != nil {
					fails = append(fails, key+": new: "+err.Error())
					continue
				}
				same := old
				same.async = cur.async
				if same == cur {
					agree++
					if old.async != cur.async {
						kindChanged++
					}
					if _, ok := allow[key]; ok {
						fails = append(fails, key+": listed in accuracy_allow.txt, but agrees")
					}
					continue
				}
				if _, ok := allow[key]; ok {
					allowed++
					seenAllow[key] = true
					continue
				}
				fails = append(fails, fmt.Sprintf("%s -> %s.%s: %v, new %v", key, cl.Type, tg.Method, old, cur))
			}
		}
	}
	for k := range allow {
		if !seenAllow[k] {
			found := false
			for _, f := range fails {
				if strings.HasPrefix(f, k+":") {
					found = true
				}
			}
			if !found {
				fails = append(fails, k+": listed in accuracy_allow.txt, not a mapped entry that disagrees")
			}
		}
	}
	sort.Strings(fails)
	for _, f := range fails {
		t.Error(f)
	}
	t.Logf("accuracy: %d mapped entries agree (%d of them change kind: long-running in one API version only), %d disagree and are allow-listed, %d disagree; %d curated (no REST operation to compare), %d without a replacement", agree, kindChanged, allowed, len(fails), curated, unmapped)
}
