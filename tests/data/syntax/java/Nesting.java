class Nesting {
    int bumpy(int a, int b) {
        if (a > 0) {
            if (b > 0) {
                return 1;
            }
        }
        for (int i = 0; i < a; i++) {
            while (b > i) {
                synchronized (this) {
                    b--;
                }
            }
        }
        if (b == 0) {
            return 3;
        } else if (a == 0) {
            try {
                return 4;
            } finally {
                b = 1;
            }
        }
        return 0;
    }
}
