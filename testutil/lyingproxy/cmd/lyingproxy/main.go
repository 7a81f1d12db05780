// Command lyingproxy puts a lying CometBFT RPC proxy on 127.0.0.1 in front of
// a node, for demonstrations: scripts/demo.sh points a light-mode verifier
// at it and shows the lie refused. It prints its URL on the first line of
// its output and runs until interrupted.
//
//	lyingproxy -upstream http://127.0.0.1:26657 -lie flip-bit -store revocation
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ndi-chain/ndi/testutil/lyingproxy"
)

func main() {
	upstream := flag.String("upstream", "http://127.0.0.1:26657", "RPC URL of the node to lie about")
	kind := flag.String("lie", "flip-bit", "flip-bit, claim-absent, strip-proofs or forge-app-hash")
	store := flag.String("store", "revocation", "module store whose answers are altered (query lies)")
	flag.Parse()

	var lie lyingproxy.Lie
	switch *kind {
	case "flip-bit":
		lie = lyingproxy.FlipValueBit(*store, nil)
	case "claim-absent":
		lie = lyingproxy.ClaimAbsent(*store, nil)
	case "strip-proofs":
		lie = lyingproxy.StripProofs(*store, nil)
	case "forge-app-hash":
		lie = lyingproxy.ForgeAppHash(1)
	default:
		fmt.Fprintf(os.Stderr, "lyingproxy: -lie %q: want flip-bit, claim-absent, strip-proofs or forge-app-hash\n", *kind)
		os.Exit(2)
	}
	p, err := lyingproxy.Start(*upstream, lie)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lyingproxy: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(p.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if err := p.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "lyingproxy: %v\n", err)
	}
	fmt.Fprintf(os.Stderr, "lyingproxy: told %d lies\n", p.Told())
}
