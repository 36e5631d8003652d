class Broken {
    int good(int a) {
        return a > 0 ? a : 0;
    }

    int bad(int a {
        if (a > 0) {
            return 1;
        }
    }

    int after(boolean b) {
        return b || true ? 1 : 0;
    }
}
