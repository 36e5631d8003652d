int good(int a) { return a > 0 ? a : -a; }

class Broken {
  int bad(int a { if (a) return 1; return 0; }
};

int after(bool b) { return b || !b; }
