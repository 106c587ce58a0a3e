package credwrapper

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// The schedules of TestProtocolModel: what they are made of, the seeded
// generator, and the shrinker.

// hostBehaviour is how a host answers, from the step that sets it on.
type hostBehaviour uint8

const (
	honest          hostBehaviour = iota // 200 to any token; a probe gets the home tenant's challenge
	revoking                             // revokes every token it has seen: 401 with claims of its own to them
	redirecting                          // revokes, and redirects the other authenticated requests to another host, which asks for claims of its own
	foreignClaims                        // a claims challenge of its own in the answer to every unauthenticated probe
	malformedClaims                      // 401 with claims that are not base64
	challenging                          // 401 with the same claims to every token, whatever was fetched for them
	hostileClaims                        // as challenging, with claims Entra ID refuses
	alternating                          // 200, then a 401 naming a new tenant, and so on; probes name a new tenant each
)

var behaviourNames = [...]string{"honest", "revoking", "redirecting", "foreign claims", "malformed claims", "keeps challenging", "hostile claims", "alternating 200/401 with new tenants"}

func (b hostBehaviour) String() string { return behaviourNames[b] }

// entraBehaviour is how Entra ID answers during a step.
type entraBehaviour uint8

const (
	entraHealthy entraBehaviour = iota
	entraFailing                // every token request fails
	entraSlow                   // every token request takes 3 s of the fake clock
)

func (e entraBehaviour) String() string {
	return [...]string{"healthy", "failing", "slow"}[e]
}

// modelEntry is the way a schedule's requests get their tokens.
type modelEntry uint8

const (
	viaAttach              modelEntry = iota // the legacy Sender (and, for half of a burst, a new ARM client on the same wrapper)
	viaChallengeAuthorizer                   // ChallengeAuthorizer and its Sender
	viaPipeline                              // a new client: azcore's pipeline with runtime.NewBearerTokenPolicy
	viaGetToken                              // GetToken directly, one claims challenge answered per request
)

var modelEntryPoints = []modelEntry{viaAttach, viaChallengeAuthorizer, viaPipeline, viaGetToken}

func (e modelEntry) String() string {
	return [...]string{"Attach", "ChallengeAuthorizer", "BearerTokenPolicy", "GetToken"}[e]
}

// step is one step of a schedule: host behaves as behave and Entra ID as
// entra, repeat bursts of fanout concurrent requests go to host, gap apart on
// the fake clock, then the clock advances by advance.
type schedStep struct {
	host int // 0: Resource Manager (a vault through ChallengeAuthorizer), 1 and 2: vaults
	// newFirst is 1 when, through Attach, the burst's first request (and
	// every other one) goes through a new client on the same wrapper, 0
	// when the second does.
	newFirst int
	behave   hostBehaviour
	entra    entraBehaviour
	fanout   int
	repeat   int
	gap      time.Duration
	advance  time.Duration
}

// disruptive reports whether the step may leave back-offs or spent budgets
// behind that fail requests to other hosts for a while.
func (st schedStep) disruptive() bool {
	return st.behave == challenging || st.behave == alternating || st.entra != entraHealthy
}

func (st schedStep) String() string {
	first := "legacy"
	if st.newFirst == 1 {
		first = "new client"
	}
	return fmt.Sprintf("host %d %s, Entra ID %s: %d × %d requests %v apart (through Attach, the first by a %s), then +%v", st.host, st.behave, st.entra, st.repeat, st.fanout, st.gap, first, st.advance)
}

// schedule is a configuration and its steps.
type schedule struct {
	seed       int64
	alias      int  // index in armAliases: the scope the wrapper names Resource Manager with
	aux        bool // an auxiliary tenant
	azidentity bool // a real azidentity credential behind the counting one
	steps      []schedStep
}

func (s *schedule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "schedule seed %d: scope %q, auxiliary tenant %t, azidentity %t\n", s.seed, armAliases[s.alias], s.aux, s.azidentity)
	for i, st := range s.steps {
		fmt.Fprintf(&b, "  %2d. %s\n", i, st)
	}
	return b.String()
}

func (s *schedule) clone() *schedule {
	c := *s
	c.steps = slices.Clone(s.steps)
	return &c
}

// generate returns the schedule of seed; the same seed gives the same
// schedule.
func generate(seed int64) *schedule {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	s := &schedule{seed: seed, alias: r.IntN(len(armAliases)), aux: r.IntN(3) == 0, azidentity: seed%100 == 0}
	if s.azidentity {
		s.aux = false // the fake Entra ID serves its own tenant
	}
	weights := []int{honest: 4, revoking: 4, redirecting: 1, foreignClaims: 1, malformedClaims: 1, challenging: 2, hostileClaims: 1, alternating: 2}
	for range 2 + r.IntN(6) {
		st := schedStep{host: r.IntN(3), behave: pick(r, weights), fanout: 1, repeat: 1 + r.IntN(2), gap: 100 * time.Millisecond}
		switch x := r.IntN(10); {
		case x == 0:
			st.entra = entraFailing
		case x == 1:
			st.entra = entraSlow
		}
		if r.IntN(4) == 0 {
			st.fanout = 2 + r.IntN(2)
		}
		switch x := r.IntN(20); {
		case x == 0:
			st.repeat = 20 + r.IntN(25) // a storm: enough to exceed every bound
		case x < 5:
			st.repeat = 3 + r.IntN(4)
		}
		if r.IntN(3) == 0 {
			st.gap = time.Second
		}
		st.newFirst = r.IntN(2)
		st.advance = []time.Duration{0, time.Second, 5 * time.Second, 30 * time.Second, 70 * time.Second}[r.IntN(5)]
		s.steps = append(s.steps, st)
	}
	return s
}

// pick returns an index of weights, chosen with those weights.
func pick(r *rand.Rand, weights []int) hostBehaviour {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return hostBehaviour(i)
		}
		n -= w
	}
	return honest
}

// shrink returns the smallest schedule it finds that still fails, and its
// error: it drops steps, then simplifies steps and the configuration, while
// the schedule still fails, until nothing more can go.
func shrink(s *schedule, err error, cloud *credwrappertest.Cloud) (*schedule, error) {
	cur, curErr := s, err
	try := func(c *schedule) bool {
		if e := c.run(cloud); e != nil {
			cur, curErr = c, e
			return true
		}
		return false
	}
	simplifications := []func(*schedStep) bool{
		func(st *schedStep) bool { ok := st.behave != honest; st.behave = honest; return ok },
		func(st *schedStep) bool { ok := st.entra != entraHealthy; st.entra = entraHealthy; return ok },
		func(st *schedStep) bool { ok := st.fanout > 1; st.fanout = 1; return ok },
		func(st *schedStep) bool { ok := st.repeat > 1; st.repeat /= 2; return ok },
		func(st *schedStep) bool { ok := st.advance > 0; st.advance = 0; return ok },
		func(st *schedStep) bool {
			ok := st.gap > 100*time.Millisecond
			st.gap = 100 * time.Millisecond
			return ok
		},
	}
	for changed := true; changed; {
		changed = false
		for i := len(cur.steps) - 1; i >= 0; i-- {
			c := cur.clone()
			c.steps = slices.Delete(c.steps, i, i+1)
			changed = try(c) || changed
		}
		for i := range cur.steps {
			for _, simplify := range simplifications {
				c := cur.clone()
				if simplify(&c.steps[i]) {
					changed = try(c) || changed
				}
			}
		}
		for _, simplify := range []func(*schedule) bool{
			func(c *schedule) bool { ok := c.aux; c.aux = false; return ok },
			func(c *schedule) bool { ok := c.alias != 0; c.alias = 0; return ok },
			func(c *schedule) bool { ok := c.azidentity; c.azidentity = false; return ok },
		} {
			c := cur.clone()
			if simplify(c) {
				changed = try(c) || changed
			}
		}
	}
	return cur, curErr
}
