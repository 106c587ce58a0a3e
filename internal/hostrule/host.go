// Package hostrule holds every rule credwrapper applies to a host: how a URL
// host is normalized (one form, used as every map key), which scope the
// well-known service at a host gets, whether a token for a scope may be sent
// to a host, whether two resources or scopes name the same audience, and
// whether a host is an Event Hubs or Service Bus namespace. It also defines
// the scopes of the services, once.
//
// A host is parsed once, by [Parse]; every question is asked of the parsed
// [Host], so that two spellings of one host (case, a trailing dot, an IPv6
// literal written two ways) always get the same answer.
package hostrule

import (
	"net/netip"
	"strings"
)

type kind uint8

const (
	kindInvalid kind = iota // not a host name nor an IP literal
	kindName                // an ASCII host name: letters, digits, hyphens
	kindIP                  // an IPv4 literal, or an IPv6 literal in brackets
)

// Host is a URL host (the Host field of a url.URL: a name or an IP literal,
// with an optional port) parsed and normalized. The zero value is an invalid
// empty host.
//
// A name is lower-cased and loses one trailing dot; it is valid when it is
// ASCII letters, digits and hyphens in dot-separated labels (not starting or
// ending with a hyphen, at most 63 bytes each, 253 in all) whose last label
// is not all digits. Non-ASCII names are invalid: compare their punycode
// (xn--...) form. An IPv4 literal is valid in its dotted-decimal form; an IPv6
// literal in brackets, with or without a zone, and is kept in its canonical
// form (lower case, zeros compressed). A port is the digits after the last
// colon (after the closing bracket for IPv6); it is explicit when a colon is
// present, even with no digits. Anything else, user information included,
// makes the host invalid.
type Host struct {
	raw     string
	name    string // canonical name or IP (an IPv6 without brackets, zone included)
	port    string
	hasPort bool
	kind    kind
}

// Parse parses a URL host.
func Parse(urlHost string) Host {
	h, ok := parse(urlHost)
	if !ok {
		return Host{raw: urlHost}
	}
	h.raw = urlHost
	return h
}

func parse(urlHost string) (h Host, ok bool) {
	name := urlHost
	if strings.HasPrefix(urlHost, "[") {
		end := strings.IndexByte(urlHost, ']')
		if end < 0 {
			return h, false
		}
		name = urlHost[1:end]
		if rest := urlHost[end+1:]; rest != "" {
			if rest[0] != ':' || !digits(rest[1:]) {
				return h, false
			}
			h.port, h.hasPort = rest[1:], true
		}
		a, err := netip.ParseAddr(name)
		if err != nil || !a.Is6() {
			return h, false
		}
		h.name, h.kind = a.String(), kindIP
		return h, true
	}
	if i := strings.LastIndexByte(urlHost, ':'); i >= 0 {
		if !digits(urlHost[i+1:]) {
			return h, false
		}
		name, h.port, h.hasPort = urlHost[:i], urlHost[i+1:], true
	}
	name = strings.TrimSuffix(name, ".")
	if strings.Trim(name, "0123456789.") == "" {
		// digits and dots: an IPv4 literal, or invalid (1.2.3, 01.2.3.4)
		a, err := netip.ParseAddr(name)
		if err != nil {
			return h, false
		}
		h.name, h.kind = a.String(), kindIP
		return h, true
	}
	h.name, ok = lowerName(name)
	h.kind = kindName
	return h, ok
}

// lowerName returns name in lower case if it is a valid host name.
func lowerName(name string) (string, bool) {
	if name == "" || len(name) > 253 {
		return "", false
	}
	lower := true
	label := 0 // bytes in the current label
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			lower = false
		case c == '-':
			if label == 0 || i+1 == len(name) || name[i+1] == '.' {
				return "", false
			}
		case c == '.':
			if label == 0 {
				return "", false
			}
			label = 0
			continue
		default:
			return "", false
		}
		if label++; label > 63 {
			return "", false
		}
	}
	if label == 0 {
		return "", false
	}
	// a last label of digits only is not a name (vault.1): resolvers may read
	// such a host as a number
	last := name[strings.LastIndexByte(name, '.')+1:]
	if strings.Trim(last, "0123456789") == "" {
		return "", false
	}
	if !lower {
		name = strings.ToLower(name)
	}
	return name, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Valid reports whether h is a host name or an IP literal.
func (h Host) Valid() bool { return h.kind != kindInvalid }

// IsIP reports whether h is an IP literal.
func (h Host) IsIP() bool { return h.kind == kindIP }

// IsDNSName reports whether h is a host name of at least two labels: the
// only hosts an audience can be a parent domain of.
func (h Host) IsDNSName() bool { return h.kind == kindName && strings.IndexByte(h.name, '.') > 0 }

// Name returns the normalized name or IP address of h, without brackets or
// port, or "" when h is invalid.
func (h Host) Name() string { return h.name }

// Port returns the port of h and whether h has an explicit port (a colon).
func (h Host) Port() (string, bool) { return h.port, h.hasPort }

// Key returns the normalized host: the form used as a map key. Two hosts have
// the same key exactly when they are the same name or address and the same
// explicit port (or both none), so every answer of this package is the same
// for both. An invalid host's key is the host as given.
func (h Host) Key() string {
	if h.kind == kindInvalid {
		return h.raw
	}
	name := h.name
	if strings.IndexByte(name, ':') >= 0 {
		name = "[" + name + "]"
	}
	if h.hasPort {
		return name + ":" + h.port
	}
	return name
}

// String returns Key.
func (h Host) String() string { return h.Key() }

// Key returns Parse(urlHost).Key(), without allocating when urlHost is
// already normalized (lower case, no trailing dot, no brackets): the common
// case on the request path.
func Key(urlHost string) string {
	nameEnd := len(urlHost)
	for i := 0; i < len(urlHost); i++ {
		switch c := urlHost[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.':
		case c == ':':
			nameEnd = i
		default:
			return Parse(urlHost).Key()
		}
	}
	if nameEnd > 0 && urlHost[nameEnd-1] == '.' {
		return Parse(urlHost).Key()
	}
	// Such a host is its own key: a valid name is already in normal form, a
	// valid IPv4 literal is dotted-decimal already (netip refuses others), and
	// an invalid host keys as given.
	return urlHost
}
