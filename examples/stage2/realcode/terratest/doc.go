// Package azure is a slice of terratest's Azure module (resource groups and
// storage accounts) as it was on the legacy SDK; see ../NOTICE for its
// source, licence and the edits made to it.
package azure
