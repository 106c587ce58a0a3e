// Package interop holds the interoperability tests of credwrapper: real
// azidentity credentials and real legacy (v68) and new (arm*) SDK clients
// sharing one CredentialWrapper against the credwrappertest fake cloud. It has
// no code of its own; run it with go test.
package interop
