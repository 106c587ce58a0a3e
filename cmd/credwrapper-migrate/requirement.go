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
	dir   string // the directory of its go.mod
	gomod string // its go.mod
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
	return &requirement{dir: filepath.Dir(gomod), gomod: gomod}
}

// complete adds the requirement when the module's code, fixed, imports
// credwrapper: go get of the imported packages at this command's own
// version, which also records their checksums, so that go build works with
// no step of the user's. go get marks the new requirement indirect (it does
// not read the module's imports): complete marks it direct, as go mod tidy
// would. Minimal version selection may need more than that one line (the
// modules credwrapper's packages import, credwrapper's minimum versions of
// modules the user's already requires, and its go version); complete lists
// each such change on standard error. On failure it returns an error giving
// the command to run.
func (r *requirement) complete() error {
	pkgs, err := r.imported()
	if err != nil || len(pkgs) == 0 {
		return err
	}
	before, err := os.ReadFile(r.gomod)
	if err != nil {
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
	after, err := os.ReadFile(r.gomod)
	if err != nil {
		return err
	}
	direct, err := requireDirectly(r.gomod, after)
	if err != nil {
		return err
	}
	if !bytes.Equal(direct, after) {
		if err := os.WriteFile(r.gomod, direct, 0o666); err != nil {
			return err
		}
	}
	changes, err := modChanges(r.gomod, before, direct)
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		fmt.Fprintf(os.Stderr, "%s: besides requiring %s, go.mod changed where credwrapper's own requirements need it (minimal version selection; go build needs them):\n", command, modulePath)
		for _, c := range changes {
			fmt.Fprintf(os.Stderr, "\t%s\n", c)
		}
	}
	if _, err := os.Stat(filepath.Join(r.dir, "vendor", "modules.txt")); err == nil {
		fmt.Fprintf(os.Stderr, "%s: this module vendors its dependencies: run go mod vendor before go build\n", command)
	}
	return nil
}

// requireDirectly returns the go.mod data with credwrapper's requirement
// direct (no "// indirect" comment, in the block of direct requirements),
// the rest as it was.
func requireDirectly(name string, data []byte) ([]byte, error) {
	f, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	changed := false
	var reqs []*modfile.Require
	for _, r := range f.Require {
		indirect := r.Indirect
		if r.Mod.Path == modulePath && indirect {
			indirect, changed = false, true
		}
		reqs = append(reqs, &modfile.Require{Mod: r.Mod, Indirect: indirect})
	}
	if !changed {
		return data, nil
	}
	f.SetRequireSeparateIndirect(reqs)
	f.Cleanup()
	return modfile.Format(f.Syntax), nil
}

// modChanges lists what differs between two go.mod files but credwrapper's
// own requirement: the go version, and each requirement added, raised,
// lowered or dropped.
func modChanges(name string, before, after []byte) ([]string, error) {
	parse := func(data []byte) (*modfile.File, map[string]string, error) {
		f, err := modfile.Parse(name, data, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		reqs := map[string]string{}
		for _, r := range f.Require {
			reqs[r.Mod.Path] = r.Mod.Version
		}
		return f, reqs, nil
	}
	bf, breqs, err := parse(before)
	if err != nil {
		return nil, err
	}
	af, areqs, err := parse(after)
	if err != nil {
		return nil, err
	}
	var out []string
	goVersion := func(f *modfile.File) string {
		if f.Go == nil {
			return "(none)"
		}
		return f.Go.Version
	}
	if g, h := goVersion(bf), goVersion(af); g != h {
		out = append(out, fmt.Sprintf("go %s => %s", g, h))
	}
	var paths []string
	for p := range areqs {
		paths = append(paths, p)
	}
	for p := range breqs {
		if _, ok := areqs[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		b, inBefore := breqs[p]
		a, inAfter := areqs[p]
		switch {
		case p == modulePath || a == b:
		case !inBefore:
			out = append(out, fmt.Sprintf("added %s %s", p, a))
		case !inAfter:
			out = append(out, fmt.Sprintf("dropped %s %s", p, b))
		case semver.Compare(a, b) > 0:
			out = append(out, fmt.Sprintf("raised %s %s => %s", p, b, a))
		default:
			out = append(out, fmt.Sprintf("lowered %s %s => %s", p, b, a))
		}
	}
	return out, nil
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
