class Parameters
{
    public Parameters() { }

    void None() { }

    void Three(int a, string b = "", params int[] rest) { }

    void Modifiers<T>(T item, ref int count, out int result, in int x) { result = 0; }

    public static Parameters operator +(Parameters p, Parameters q) => p;
}
