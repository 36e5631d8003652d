package example

func Bumpy(a, b int) int {
	if a > 0 {
		if b > 0 {
			return 1
		}
	}
	for i := 0; i < a; i++ {
		switch {
		case b > i:
			if b > 2 {
				b--
			}
		}
	}
	if b == 0 {
		return 3
	} else if a == 0 {
		for b < 3 {
			b++
		}
	}
	return 0
}
