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
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/azcompat/credwrapper/migrate"
)

func main() {
	if code, done := wrap(os.Args[1:]); done {
		os.Exit(code)
	}
	singlechecker.Main(migrate.Analyzer)
}
