package hostrule

import "strings"

// namespaceSuffixes are the host suffixes of Event Hubs and Service Bus
// namespaces in the public and sovereign clouds.
var namespaceSuffixes = []string{
	".servicebus.windows.net",       // public
	".servicebus.chinacloudapi.cn",  // Azure China
	".servicebus.usgovcloudapi.net", // Azure US Government
	".servicebus.cloudapi.de",       // Azure Germany (retired; still named by the track-1 clients)
}

// IsNamespace reports whether h is an Event Hubs or Service Bus namespace of
// a known cloud: one label followed by the cloud's namespace domain, whatever
// the port (the AMQP clients name 5671).
func IsNamespace(h Host) bool {
	if h.kind != kindName {
		return false
	}
	for _, s := range namespaceSuffixes {
		if name, ok := strings.CutSuffix(h.name, s); ok && name != "" && !strings.Contains(name, ".") {
			return true
		}
	}
	return false
}
