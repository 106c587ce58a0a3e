// Package stage2 is stage 2 of MIGRATION.md on one client. credwrapper-migrate
// -inventory names, for each call of the side-by-side demo's v68
// resources.GroupsClient, the client of the current SDK that replaces it;
// the tests check those names against the real packages and run the
// rewritten calls, with the credential the legacy client used, against the
// credwrappertest fake cloud.
//
// credwrapper-migrate -inventory -fix does the rewrite itself: the tests
// copy the demo's legacy half (package legacy), the corpus (package corpus
// and its programs), the other programs of examples/ that call v68
// management clients, and realcode (real legacy code: a slice of
// terratest's Azure module, see realcode/NOTICE, with a driver) to modules
// of their own, rewrite them with the command, build and vet them, and
// check that each program sends the fake cloud the same requests as before,
// and that a second run changes nothing.
package stage2
