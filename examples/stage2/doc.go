// Package stage2 is stage 2 of MIGRATION.md on one client. credwrapper-migrate
// -inventory names, for each call of the side-by-side demo's v68
// resources.GroupsClient, the client of the current SDK that replaces it;
// the tests check those names against the real packages and run the
// rewritten calls, with the credential the legacy client used, against the
// credwrappertest fake cloud.
package stage2
