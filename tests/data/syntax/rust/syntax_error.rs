fn good(a: i32) -> i32 {
    if a > 0 {
        return 1;
    }
    0
}

fn bad(a: i32) {
    let x = ;
}

fn also_good(b: i32) -> i32 {
    let mut c = b;
    while c > 0 {
        c -= 1;
    }
    c
}
