// Package auth lives at a path whose last element is not its name.
package auth

func Login() {}
