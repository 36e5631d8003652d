using System;

if (args.Length > 0)
{
    foreach (var a in args)
    {
        Console.WriteLine(a);
    }
}

static int Twice(int x)
{
    return x > 0 ? x * 2 : 0;
}
