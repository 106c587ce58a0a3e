package credwrappertest

import (
	"fmt"
	"net/http"
	"strings"
)

// Comparison is the result of [Compare].
type Comparison struct {
	// Equal reports whether the two recordings sent the same requests:
	// method, path (ignoring case, as Resource Manager does), query and
	// body, in the same order, with polls, final GETs and requests
	// answered 401 set aside. Statuses are not compared.
	Equal bool
	// Diff is a readable line diff of the compared requests ("" if Equal):
	// "-" lines only in the first recording, "+" lines only in the second.
	Diff string
	// APIVersions lists the requests whose api-version differs, as
	// "METHOD path: old -> new". They do not make the recordings unequal: a
	// new SDK module calls newer api-versions.
	APIVersions []string
	// SetAside counts the requests of each recording left out of the
	// comparison: polls, final GETs and requests answered 401.
	SetAside [2]int
}

// Compare compares two recordings, typically a program's before and after a
// migration from the legacy SDK to the new one. Requests that depend on how
// the SDK completes a long-running operation are set aside:
//
//   - polls: GETs of the operation URLs the fake hands out;
//   - final GETs: GETs of a resource directly after a PUT or PATCH of it
//     (polls aside). A v68 Future always sends one after a PUT; an azcore
//     poller only when the response named an operation to poll. A GET the
//     program itself sends right after writing the resource is set aside
//     too, on both sides;
//   - requests answered 401: a Key Vault client's first request, which
//     fetches the challenge, and a resend after a claims challenge.
//
// The remaining requests must match one for one; api-version differences are
// reported in APIVersions without making the recordings unequal.
func Compare(before, after Recording) Comparison {
	a, na := significant(before)
	b, nb := significant(after)
	c := Comparison{Equal: true, SetAside: [2]int{na, nb}}
	key := func(x Call) string {
		return x.Service + " " + x.Method + " " + strings.ToLower(x.Path) + "?" + x.Query + " " + x.Body
	}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i] = key(a[i])
	}
	for i := range b {
		kb[i] = key(b[i])
	}
	ops := diffLines(ka, kb)
	var d strings.Builder
	for _, op := range ops {
		switch op.kind {
		case ' ':
			x, y := a[op.i], b[op.j]
			if x.APIVersion != y.APIVersion {
				c.APIVersions = append(c.APIVersions, fmt.Sprintf("%s %s: %s -> %s", x.Method, x.Path, x.APIVersion, y.APIVersion))
			}
			fmt.Fprintf(&d, "  %s\n", withoutVersion(x))
		case '-':
			c.Equal = false
			fmt.Fprintf(&d, "- %s\n", withoutVersion(a[op.i]))
		case '+':
			c.Equal = false
			fmt.Fprintf(&d, "+ %s\n", withoutVersion(b[op.j]))
		}
	}
	if !c.Equal {
		c.Diff = d.String()
	}
	return c
}

func withoutVersion(c Call) string {
	c.APIVersion = ""
	return c.String()
}

// significant returns the calls of r that Compare compares and the number
// set aside.
func significant(r Recording) (Recording, int) {
	aside := setAside(r)
	var out Recording
	for i, c := range r {
		if !aside[i] {
			out = append(out, c)
		}
	}
	return out, len(r) - len(out)
}

// setAside marks the polls and final GETs of r.
func setAside(r Recording) []bool {
	aside := make([]bool, len(r))
	lastWrite := "" // the lower-case path of the last PUT or PATCH, while only its final GETs follow
	for i, c := range r {
		if c.Poll || c.Status == http.StatusUnauthorized {
			aside[i] = true
			continue
		}
		p := strings.ToLower(c.Path)
		if c.Method == http.MethodGet && lastWrite != "" && p == lastWrite {
			aside[i] = true
			continue
		}
		lastWrite = ""
		if c.Method == http.MethodPut || c.Method == http.MethodPatch {
			lastWrite = p
		}
	}
	return aside
}

type diffOp struct {
	kind byte // ' ', '-' or '+'
	i, j int
}

// diffLines returns a shortest edit script from a to b (longest common
// subsequence; recordings are short).
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{' ', i, j})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, diffOp{'-', i, 0})
			i++
		default:
			ops = append(ops, diffOp{'+', 0, j})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, diffOp{'-', i, 0})
	}
	for ; j < m; j++ {
		ops = append(ops, diffOp{'+', 0, j})
	}
	return ops
}
