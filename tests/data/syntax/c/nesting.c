int bumpy(int a, int b)
{
    if (a > 0) {
        if (b > 0) {
            return 1;
        }
    }
    for (int i = 0; i < a; i++) {
        while (b > i) {
            if (b > 2) {
                b--;
            }
        }
    }
    if (b == 0) {
        return 3;
    } else if (a == 0) {
        switch (b) {
        case 1:
            return 4;
        }
    }
    return 0;
}
