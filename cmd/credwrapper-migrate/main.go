// Command credwrapper-migrate does the mechanical part of stage 1 of
// credwrapper's MIGRATION.md: it moves a codebase's go-autorest
// authentication onto azidentity through credwrapper, and reports what it
// cannot fix by itself.
//
//	go run github.com/azcompat/credwrapper/cmd/credwrapper-migrate@latest -fix ./...
//
// Without -fix it only reports. With -fix, when the fixed code imports
// credwrapper and the go.mod of the working directory's module does not
// require it, it runs go get for the packages imported, at its own version,
// and says so: the module builds without a step of yours.
//
// It is a go/analysis checker (see package
// github.com/azcompat/credwrapper/migrate), so it also runs as
// go vet -vettool=$(which credwrapper-migrate) ./..., and the analyzer can
// join a multichecker or gopls.
//
// With -inventory (stage 2) it lists instead every call of a legacy Azure
// client and what replaces it (see package
// github.com/azcompat/credwrapper/migrate/inventory); -json prints that as
// JSON. With -inventory -fix it rewrites the calls of the v68 management
// clients into the clients that replace them, adds their modules to go.mod
// and checks that the result builds (see package
// github.com/azcompat/credwrapper/migrate/rewrite); each call it leaves is
// listed with why. As go vet does, it lists the package in the working
// directory when given no package pattern.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/azcompat/credwrapper/migrate"
	"github.com/azcompat/credwrapper/migrate/inventory"
	"github.com/azcompat/credwrapper/migrate/rewrite"
)

// inventoryUsage is -inventory's line in -h.
const inventoryUsage = "instead of the checks and fixes, list every call of a legacy Azure client and what replaces it (stage 2); with -json, as JSON; with -fix, rewrite the v68 management clients' calls into their replacements"

func main() {
	if i := slices.IndexFunc(os.Args[1:], func(a string) bool { return a == "-inventory" || a == "--inventory" }); i >= 0 {
		args := slices.Delete(os.Args[1:], i, i+1)
		if err := checkInventoryPatterns(args); err != nil {
			fmt.Fprintf(os.Stderr, "%s -inventory: %v\n", command, err)
			os.Exit(2)
		}
		if j := slices.IndexFunc(args, func(a string) bool { return a == "-fix" || a == "--fix" }); j >= 0 {
			os.Exit(rewrite.Main(slices.Delete(args, j, j+1), os.Stdout, os.Stderr))
		}
		os.Exit(inventory.Main(args, os.Stdout, os.Stderr))
	}
	// listed by -h; main handles it above
	flag.Bool("inventory", false, inventoryUsage)
	flag.Bool("n", false, "with -inventory -fix, report what the rewrite would do; write nothing and add no module")
	if code, done := wrap(os.Args[1:]); done {
		os.Exit(code)
	}
	singlechecker.Main(migrate.Analyzer)
}

// checkInventoryPatterns returns a usage error when -inventory is given no
// package pattern (it then lists ".", as go vet does) and the working
// directory has no Go files.
func checkInventoryPatterns(args []string) error {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			return nil // a pattern (or -- before one)
		}
	}
	if slices.Contains(args, "-h") || slices.Contains(args, "-help") || slices.Contains(args, "--help") {
		return nil
	}
	files, _ := filepath.Glob("*.go")
	if len(files) > 0 {
		return nil
	}
	wd, _ := os.Getwd()
	return fmt.Errorf("no Go files in %s: give the packages to list, as with go vet (./... for the module's)", wd)
}
