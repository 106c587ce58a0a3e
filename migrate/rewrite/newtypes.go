package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// Package is a package of the current SDK that replaces a legacy one: its
// types, and the JSON names of its models' fields.
type Package struct {
	Types *types.Package
	// JSON maps a model type's name and a JSON name to the field's name,
	// as the package's models_serde.go marshals and unmarshals them (the
	// field names do not always follow the JSON names:
	// supportsHttpsTrafficOnly is EnableHTTPSTrafficOnly).
	JSON map[string]map[string]string
}

// A Loader gives the packages of the current SDK that replace the legacy
// ones, as the module of dir builds them.
type Loader interface {
	Load(dir, pkgPath string) (*Package, error)
}

// exportLoader loads packages' types from their export data with go list,
// once per module and path.
type exportLoader struct {
	mu    sync.Mutex
	cache map[[2]string]loaded
}

type loaded struct {
	pkg *Package
	err error
}

// defaultLoader is shared by every analysis of the process: the export data
// of a package is built once.
var defaultLoader Loader = &exportLoader{}

func (l *exportLoader) Load(dir, pkgPath string) (*Package, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	dir = moduleRoot(dir)
	key := [2]string{dir, pkgPath}
	if r, ok := l.cache[key]; ok {
		return r.pkg, r.err
	}
	if l.cache == nil {
		l.cache = map[[2]string]loaded{}
	}
	pkg, err := loadPackage(dir, pkgPath)
	l.cache[key] = loaded{pkg, err}
	return pkg, err
}

func loadPackage(dir, pkgPath string) (*Package, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedFiles, Dir: dir}, pkgPath)
	if err != nil {
		return nil, fmt.Errorf("rewrite: loading %s: %w", pkgPath, err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 || pkgs[0].Types == nil {
		msg := "not found"
		if len(pkgs) == 1 && len(pkgs[0].Errors) > 0 {
			msg = pkgs[0].Errors[0].Msg
		}
		return nil, fmt.Errorf("rewrite: loading %s: %s (the module must require it: credwrapper-migrate -inventory -fix adds it)", pkgPath, msg)
	}
	p := &Package{Types: pkgs[0].Types, JSON: map[string]map[string]string{}}
	for _, name := range pkgs[0].GoFiles {
		if strings.HasSuffix(name, "_serde.go") {
			if err := jsonNames(name, p.JSON); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// jsonNames reads the JSON names of a models_serde.go: populate(objectMap,
// "name", x.Field) in MarshalJSON, case "name": ... &x.Field in
// UnmarshalJSON.
func jsonNames(file string, out map[string]map[string]string) error {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		return fmt.Errorf("rewrite: %w", err)
	}
	add := func(typ, json, field string) {
		if out[typ] == nil {
			out[typ] = map[string]string{}
		}
		if _, ok := out[typ][json]; !ok {
			out[typ][json] = field
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
			continue
		}
		rt := fd.Recv.List[0].Type
		if s, ok := rt.(*ast.StarExpr); ok {
			rt = s.X
		}
		id, ok := rt.(*ast.Ident)
		if !ok {
			continue
		}
		typ := id.Name
		switch fd.Name.Name {
		case "MarshalJSON":
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 3 {
					return true
				}
				if fn, ok := call.Fun.(*ast.Ident); !ok || !strings.HasPrefix(fn.Name, "populate") {
					return true
				}
				lit, ok1 := call.Args[1].(*ast.BasicLit)
				sel, ok2 := call.Args[2].(*ast.SelectorExpr)
				if ok1 && ok2 && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						add(typ, s, sel.Sel.Name)
					}
				}
				return true
			})
		case "UnmarshalJSON":
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				cc, ok := n.(*ast.CaseClause)
				if !ok || len(cc.List) != 1 {
					return true
				}
				lit, ok := cc.List[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				ast.Inspect(cc, func(m ast.Node) bool {
					if u, ok := m.(*ast.UnaryExpr); ok && u.Op == token.AND {
						if sel, ok := u.X.(*ast.SelectorExpr); ok {
							add(typ, s, sel.Sel.Name)
							return false
						}
					}
					return true
				})
				return true
			})
		}
	}
	return nil
}

// moduleRoot is the directory of the go.mod above dir (dir itself when
// there is none): the packages of one module share their loads.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}
