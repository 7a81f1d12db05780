package procnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// ProposalDeposit is what SubmitProposal deposits: the init-files minimum,
// so a proposal enters its voting period at once.
const ProposalDeposit = "10000000undi"

var errNoProposalID = errors.New("no submit_proposal.proposal_id event")

// SubmitProposal submits, with `ndid tx gov submit-proposal` from the
// node's operator, a governance proposal carrying msgs (each a JSON object
// with "@type", as the gov CLI reads them) and returns its id and the
// transaction.
func (n *Node) SubmitProposal(title string, msgs ...map[string]any) (string, *TxResult, error) {
	proposal, err := json.MarshalIndent(map[string]any{
		"messages": msgs,
		"metadata": "",
		"deposit":  ProposalDeposit,
		"title":    title,
		"summary":  title + " (procnet)",
	}, "", "  ")
	if err != nil {
		return "", nil, fmt.Errorf("proposal %q: %w", title, err)
	}
	f, err := os.CreateTemp("", "procnet-proposal-*.json")
	if err != nil {
		return "", nil, fmt.Errorf("proposal %q: %w", title, err)
	}
	defer func() { _ = os.Remove(f.Name()) }() // a leftover temp file harms nothing
	if _, err := f.Write(proposal); err != nil {
		_ = f.Close()
		return "", nil, fmt.Errorf("proposal %q: %w", title, err)
	}
	if err := f.Close(); err != nil {
		return "", nil, fmt.Errorf("proposal %q: %w", title, err)
	}
	res, err := n.Tx("gov", "submit-proposal", f.Name())
	if err != nil {
		return "", res, fmt.Errorf("proposal %q: %w\n%s", title, err, proposal)
	}
	id, ok := res.Attribute("submit_proposal", "proposal_id")
	if !ok {
		return "", res, fmt.Errorf("proposal %q: %w in tx %s", title, errNoProposalID, res.Hash)
	}
	return id, res, nil
}

// VoteYes votes yes on proposal id from every genesis validator's operator.
func (n *Network) VoteYes(id string) error {
	for _, v := range n.Validators() {
		if _, err := v.Tx("gov", "vote", id, "yes"); err != nil {
			return fmt.Errorf("%s votes on proposal %s: %w", v.Name, id, err)
		}
	}
	return nil
}

var errProposalNotPassed = errors.New("proposal did not pass")

// WaitForPassed polls proposal id on node until it passes, for at most
// timeout, and returns the network height at which it was seen passed. A
// rejected or failed proposal is an error at once.
func (n *Network) WaitForPassed(node *Node, id string, timeout time.Duration) (int64, error) {
	deadline := time.Now().Add(timeout)
	for {
		raw, err := node.Query("gov", "proposal", id)
		if err != nil {
			return 0, err
		}
		var res struct {
			Proposal struct {
				Status           string `json:"status"`
				FailedReason     string `json:"failed_reason"`
				FinalTallyResult any    `json:"final_tally_result"`
			} `json:"proposal"`
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			return 0, fmt.Errorf("query gov proposal %s: %w: %s", id, err, raw)
		}
		switch p := res.Proposal; p.Status {
		case "PROPOSAL_STATUS_PASSED":
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return n.Height(ctx)
		case "PROPOSAL_STATUS_REJECTED", "PROPOSAL_STATUS_FAILED":
			return 0, fmt.Errorf("proposal %s: %w: %s: %s (tally %v)", id, errProposalNotPassed, p.Status, p.FailedReason, p.FinalTallyResult)
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("proposal %s: %w: still %s after %s", id, errProposalNotPassed, res.Proposal.Status, timeout)
		}
		time.Sleep(time.Second)
	}
}
