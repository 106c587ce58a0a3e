// Command loadfloor loads packages as any call inventory must, and no more:
// their syntax and full type information from source, their dependencies'
// types from the compiler's export data, test files included (and the
// files cgo writes for those that import "C"). It is the
// floor that .ci/inventory measures credwrapper-migrate -inventory against.
//
//	go run ./internal/cmd/loadfloor ./...
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/packages"
)

func main() {
	patterns := os.Args[1:]
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Tests: true,
	}, patterns...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadfloor:", err)
		os.Exit(1)
	}
	if packages.PrintErrors(pkgs) > 0 {
		os.Exit(1)
	}
	files := 0
	for _, p := range pkgs {
		files += len(p.Syntax)
	}
	fmt.Printf("%d packages, %d files type-checked\n", len(pkgs), files)
}
