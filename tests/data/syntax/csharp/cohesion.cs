class Cohesive
{
    private int _count;
    private int total;

    public Cohesive(int start) { _count = start; total = start; }

    public void Add(int n) { _count += n; }
    public int Count() { return _count; }
    public int Total() { return this.total; }
    public int Both() { return Total(); }
    public int Alone() { return 42; }
}

struct Point
{
    int x;
    int y;
    public int X() { return this.x; }
    public int Y() { return this.y; }
    public int Sum() { return this.X() + this.Y(); }
}

interface IShape
{
    double Area();
}
