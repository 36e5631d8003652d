#include <stdio.h>

static int decide(int a, int b, const char *rest, ...)
{
    if (a > 0 && b > 0 || rest != NULL) {
        return 1;
    } else if (a < 0) {
        return 2;
    }
    return a > b ? a : b;
}

int loops(int *items, int n)
{
    int total = 0, i, *p = items, copy[4];
    for (i = 0; i < n; i++) {
        total += items[i];
    }
    while (total > 10) {
        total--;
    }
    do {
        total++;
    } while (total < 3 && p);
    return total + copy[0];
}

int branches(int x)
{
    switch (x) {
    case 1:
    case 2:
        return 1;
    default:
        break;
    }
#ifdef VERBOSE
    printf("%d\n", x);
#endif
#ifndef QUIET
    x++;
#endif
#if LEVEL > 1 && DEBUG
    x--;
#elif LEVEL > 0
    x -= 2;
#else
    x = 0;
#endif
    return x;
}

void nothing(void)
{
}

char *name_of(int code)
{
    return code ? "yes" : "no";
}
