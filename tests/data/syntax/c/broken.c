int good(int a)
{
    return a > 0 ? a : -a;
}

int bad(int a
{
    if (a) return 1;
    return 0;
}

int after(int b)
{
    return b || !b;
}
