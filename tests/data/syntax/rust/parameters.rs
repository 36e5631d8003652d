struct Parameters;

impl Parameters {
    fn new() -> Self {
        Parameters
    }

    fn none(&self) {}

    fn three(&mut self, a: i32, #[allow(unused)] b: &str) {}

    fn patterns((x, y): (i32, i32), Point { z, .. }: Point) {}
}

struct Point {
    z: i32,
}
