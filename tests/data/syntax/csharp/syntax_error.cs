class Broken
{
    int Good(int a)
    {
        if (a > 0) { return 1; }
        return 0;
    }

    void Bad(
    {
        int x = ;
    }

    int AlsoGood(int b)
    {
        while (b > 0) { b--; }
        return b;
    }
}
