class Variables
{
    int field = 1;

    int Locals(int[] xs)
    {
        var a = 1;
        int b = 2, c;
        c = a + b;
        foreach (var x in xs) { c += x; }
        for (int i = 0; i < 2; i++) { }
        if (int.TryParse("1", out var parsed)) { c += parsed; }
        var a2 = this.field;
        var (p, q) = (1, 2);
        if (xs is int[] all) { c += all.Length; }
        return c;
    }
}
