fn check(a: i32, b: i32, c: i32) -> bool {
    let mut x = a;
    if a > 0 && b > 0 || c > 0 {
        return true;
    }
    while x > 0 && b > 0 {
        x -= 1;
    }
    let y = a > 0 && b > 0 || c > 0;
    match a {
        n if n > 0 && b > 0 && c > 0 => x = 1,
        _ => {}
    }
    y
}
