package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// modulePath is credwrapper's module, which the fixes import.
const modulePath = "github.com/azcompat/credwrapper"

// requirement is the main module of the working directory, which did not
// require credwrapper before the fixes.
type requirement struct {
	dir string // the directory of its go.mod
}

// checkRequirement returns the main module of the working directory when its
// go.mod does not require credwrapper, nil otherwise (credwrapper is
// required, or there is no main module, or credwrapper is the main module).
func checkRequirement() *requirement {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return nil
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseLax(gomod, data, nil)
	if err != nil || f.Module == nil || f.Module.Mod.Path == modulePath {
		return nil
	}
	for _, r := range f.Require {
		if r.Mod.Path == modulePath {
			return nil
		}
	}
	return &requirement{dir: filepath.Dir(gomod)}
}

// complete adds the requirement when the module's code, fixed, imports
// credwrapper: go get of the imported packages at this command's own
// version, which also records their checksums, so that go build works with
// no step of the user's. It says so on standard error, and on failure
// returns an error giving the command to run.
func (r *requirement) complete() error {
	pkgs, err := r.imported()
	if err != nil || len(pkgs) == 0 {
		return err
	}
	v := ownVersion()
	args := []string{"get"}
	for _, p := range pkgs {
		args = append(args, p+"@"+v)
	}
	line := "go " + strings.Join(args, " ")
	fmt.Fprintf(os.Stderr, "%s: the fixed code imports %s, which go.mod did not require: %s\n", command, strings.Join(pkgs, ", "), line)
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = r.dir, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s failed (%v): run it in %s before go build", line, err, r.dir)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "vendor", "modules.txt")); err == nil {
		fmt.Fprintf(os.Stderr, "%s: this module vendors its dependencies: run go mod vendor before go build\n", command)
	}
	return nil
}

// imported returns the packages of credwrapper that the module's packages
// and their tests import.
func (r *requirement) imported() ([]string, error) {
	cmd := exec.Command("go", "list", "-e", "-f", "{{range .Imports}}{{.}}\n{{end}}{{range .TestImports}}{{.}}\n{{end}}{{range .XTestImports}}{{.}}\n{{end}}", "./...")
	cmd.Dir = r.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the imports of %s: %v: %s", r.dir, err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []string
	for _, p := range strings.Fields(string(out)) {
		if (p == modulePath || strings.HasPrefix(p, modulePath+"/")) && !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	slices.Sort(pkgs)
	return pkgs, nil
}

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// ownVersion returns the version of credwrapper this command was built from,
// the version go get should add: the main module's when the command is
// credwrapper's own (go install or go run ...@version), the dependency's when
// another program links the analyzer. A build from a checkout ("(devel)", a
// replaced module, a "+dirty" version) has no version to fetch: "latest".
func ownVersion() string {
	info, ok := readBuildInfo()
	if !ok {
		return "latest"
	}
	mod := &info.Main
	if mod.Path != modulePath {
		mod = nil
		for _, d := range info.Deps {
			if d.Path == modulePath {
				mod = d
			}
		}
	}
	if mod == nil || mod.Replace != nil || !semver.IsValid(mod.Version) || semver.Build(mod.Version) != "" {
		return "latest"
	}
	return mod.Version
}
