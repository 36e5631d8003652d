class Nesting
{
    void Deep(int a, int[] xs)
    {
        if (a > 0)
        {
            foreach (var x in xs)
            {
                while (a > x)
                {
                    a--;
                }
            }
        }
        else if (a < 0)
        {
            a++;
        }
        else
        {
            if (a == 0)
            {
                a = 1;
            }
        }
    }

    void Bumps(int a)
    {
        if (a > 0)
        {
            if (a > 1) { a = 2; }
        }
        a = 3;
        for (int i = 0; i < a; i++)
        {
            a++;
        }
        using (var r = new System.IO.StringReader(""))
        {
            lock (this)
            {
                a = 4;
            }
        }
    }

    void ElseIfChain(int a)
    {
        if (a == 1) { a = 2; }
        else if (a == 2) { a = 3; }
        else if (a == 3) { a = 4; }
        else { a = 5; }
    }
}
