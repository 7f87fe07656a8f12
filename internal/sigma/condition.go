package sigma

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Limits on condition size; deep nesting would otherwise recurse
// without bound on hostile input.
const (
	maxConditionLen   = 64 << 10
	maxConditionDepth = 200
)

// condToken is one lexical element of a condition.
type condToken struct {
	text string
	pos  int
}

func lexCondition(s string) ([]condToken, error) {
	var toks []condToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, condToken{s[i : i+1], i})
			i++
		case c == '|':
			return nil, fmt.Errorf("aggregation expressions (\"| count() ...\") are obsolete in Sigma and not supported; use a correlation rule")
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			toks = append(toks, condToken{s[i:j], i})
			i = j
		}
	}
	return toks, nil
}

// condParser is a recursive-descent parser with the precedence
// not > and > or, all left-associative.
type condParser struct {
	toks  []condToken
	i     int
	sels  map[string]node
	names []string // selection names, sorted, for "x of pattern"
	depth int
	used  map[string]bool
}

func parseCondition(cond string, sels map[string]node) (node, error) {
	if len(cond) > maxConditionLen {
		return nil, fmt.Errorf("condition longer than %d bytes", maxConditionLen)
	}
	toks, err := lexCondition(cond)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty condition")
	}
	p := &condParser{toks: toks, sels: sels, used: map[string]bool{}}
	for n := range sels {
		p.names = append(p.names, n)
	}
	sort.Strings(p.names)
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, fmt.Errorf("condition: unexpected %q at offset %d", t.text, t.pos)
	}
	return n, nil
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return strings.ToLower(p.toks[p.i].text)
	}
	return ""
}

func (p *condParser) parseOr() (node, error) {
	if p.depth++; p.depth > maxConditionDepth {
		return nil, fmt.Errorf("condition nested deeper than %d", maxConditionDepth)
	}
	defer func() { p.depth-- }()
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	or := orNode{left}
	for p.peek() == "or" {
		p.i++
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		or = append(or, right)
	}
	if len(or) == 1 {
		return left, nil
	}
	return or, nil
}

func (p *condParser) parseAnd() (node, error) {
	left, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	and := andNode{left}
	for p.peek() == "and" {
		p.i++
		right, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		and = append(and, right)
	}
	if len(and) == 1 {
		return left, nil
	}
	return and, nil
}

func (p *condParser) parseNot() (node, error) {
	if p.peek() == "not" {
		if p.depth++; p.depth > maxConditionDepth {
			return nil, fmt.Errorf("condition nested deeper than %d", maxConditionDepth)
		}
		defer func() { p.depth-- }()
		p.i++
		n, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	}
	return p.parsePrimary()
}

func (p *condParser) parsePrimary() (node, error) {
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("condition ends unexpectedly")
	}
	t := p.toks[p.i]
	low := strings.ToLower(t.text)
	switch low {
	case "(":
		p.i++
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("condition: missing ')' for '(' at offset %d", t.pos)
		}
		p.i++
		return n, nil
	case ")", "and", "or", "of", "them":
		return nil, fmt.Errorf("condition: unexpected %q at offset %d", t.text, t.pos)
	}
	// Quantifier: "1 of x", "all of x", "any of x", "N of x".
	if p.i+1 < len(p.toks) && strings.ToLower(p.toks[p.i+1].text) == "of" {
		need := 0
		switch low {
		case "all":
			need = -1
		case "any":
			need = 1
		default:
			n, err := strconv.Atoi(low)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("condition: bad quantifier %q at offset %d", t.text, t.pos)
			}
			need = n
		}
		if p.i+2 >= len(p.toks) {
			return nil, fmt.Errorf("condition: %q of what? (offset %d)", t.text, t.pos)
		}
		target := p.toks[p.i+2]
		p.i += 3
		var nodes []node
		them := strings.ToLower(target.text) == "them"
		for _, name := range p.names {
			var ok bool
			if them {
				// pySigma leaves out selections starting with "_" from them.
				ok = !strings.HasPrefix(name, "_")
			} else {
				ok = globMatch(parseSigmaString(target.text), name, false)
			}
			if ok {
				nodes = append(nodes, p.sels[name])
				p.used[name] = true
			}
		}
		if len(nodes) == 0 {
			return nil, fmt.Errorf("condition: %q matches no selection", target.text)
		}
		if need > len(nodes) {
			return nil, fmt.Errorf("condition: %d of %q but only %d selections match", need, target.text, len(nodes))
		}
		if need == 1 {
			if len(nodes) == 1 {
				return nodes[0], nil
			}
			return orNode(nodes), nil
		}
		return &ofNode{need: need, nodes: nodes}, nil
	}
	n, ok := p.sels[t.text]
	if !ok {
		return nil, fmt.Errorf("condition: unknown selection %q at offset %d", t.text, t.pos)
	}
	p.used[t.text] = true
	p.i++
	return n, nil
}
