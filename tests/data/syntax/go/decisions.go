package example

import "errors"

type Stack struct {
	items []int
}

func (s *Stack) Decide(a, b int, rest ...string) (int, error) {
	if a > 0 && b > 0 || len(rest) > 2 {
		return 1, nil
	} else if a < 0 {
		return 2, nil
	}
	return 0, errors.New("none")
}

func Loops(items []int) int {
	total := 0
	for i := 0; i < len(items); i++ {
		total += i
	}
	for _, item := range items {
		total += item
	}
	for total > 10 && total < 100 || total == 50 {
		total--
	}
	for {
		break
	}
	return total
}

func Branches(x interface{}, c chan int) string {
	switch v := x.(type) {
	case int, int64:
		return "int"
	case string:
		return v
	default:
	}
	switch {
	case c == nil:
		return "nil"
	}
	select {
	case n := <-c:
		var label, other string = "got", ""
		return label + other + string(rune(n))
	default:
		return ""
	}
}

func Closure() func(int) bool {
	check := func(n int) bool {
		return n > 1 || n < -1
	}
	return check
}

func Unnamed(int, string, ...bool) {}
