class Decisions
{
    int Straight(int a)
    {
        return a + 1;
    }

    int Branches(int a, string s, int[] xs)
    {
        if (a > 0) { a++; }
        else if (a < 0) { a--; }
        for (int i = 0; i < a; i++) { }
        foreach (var x in xs) { }
        while (a > 10) { a--; }
        do { a++; } while (a < 5);
        switch (a)
        {
            case 1:
            case 2:
                break;
            default:
                break;
        }
        try { a = 1; } catch (System.Exception) { a = 2; } finally { a = 3; }
        var b = a > 0 ? 1 : 2;
        var t = s ?? "";
        var n = s?.Length;
        var k = a switch { 1 => "one", 2 => "two", _ => "many" };
        return a > 0 && b > 0 || t == "" ? 1 : 0;
    }

    int Nullable(int? a)
    {
        int? b = a;
        return b ?? 0;
    }

    int WithLambda(int[] xs)
    {
        System.Func<int, int> f = x => x > 0 ? x : -x;
        return f(xs[0]);
    }

    int Abs
    {
        get { if (field < 0) { return -field; } return field; }
    }

    int Sign => field > 0 ? 1 : 0;

    int field;
}
