package rewrite

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/tools/go/packages"
)

// A Loader gives the types of the current SDK's packages that replace the
// legacy ones, as the module of dir builds them.
type Loader interface {
	Load(dir, pkgPath string) (*types.Package, error)
}

// exportLoader loads packages' types from their export data with go list,
// once per directory and path.
type exportLoader struct {
	mu    sync.Mutex
	cache map[[2]string]loaded
}

type loaded struct {
	pkg *types.Package
	err error
}

// defaultLoader is shared by every analysis of the process: the export data
// of a package is built once.
var defaultLoader Loader = &exportLoader{}

func (l *exportLoader) Load(dir, pkgPath string) (*types.Package, error) {
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
	pkg, err := loadTypes(dir, pkgPath)
	l.cache[key] = loaded{pkg, err}
	return pkg, err
}

func loadTypes(dir, pkgPath string) (*types.Package, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir}, pkgPath)
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
	return pkgs[0].Types, nil
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
