// Package azurite tests credwrapper against the Azurite storage emulator, a
// real server no one here wrote: the new azblob client and legacy autorest
// requests share one CredentialWrapper, and Azurite validates their tokens
// (--oauth basic over HTTPS). .ci/run installs the pinned Azurite with npm; the
// test starts it on a free loopback port.
package azurite
