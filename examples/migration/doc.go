// Package migration holds the code of MIGRATION.md as runnable examples and
// tests; TestDocGoBlocksCompile checks that every Go block of the guide is
// a piece of them.
package migration
