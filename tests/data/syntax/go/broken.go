package example

func Good(a int) int {
	if a > 0 {
		return a
	}
	return -a
}

func Bad(a int {
	return a
}

func After(b bool) bool {
	return b || !b
}
