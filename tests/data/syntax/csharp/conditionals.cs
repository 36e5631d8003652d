class Conditionals
{
    bool Check(int a, int b, int c)
    {
        if (a > 0 && b > 0 || c > 0)
        {
            return true;
        }
        while (a > 0 && b > 0)
        {
            a--;
        }
        var x = (a > 0 && b > 0 && c > 0) ? 1 : 0;
        bool y = a > 0 && b > 0 || c > 0;
        return x > 0;
    }
}
