fn deep(a: i32, list: &[i32]) {
    let mut b = a;
    if b > 0 {
        for x in list {
            while b > *x {
                b -= 1;
            }
        }
    } else if b < 0 {
        b += 1;
    } else {
        match b {
            0 => b = 1,
            _ => {}
        }
    }
}

fn bumps(a: i32) {
    let mut b = a;
    if b > 0 {
        if b > 1 {
            b = 2;
        }
    }
    b = 3;
    for i in 0..b {
        b += i;
    }
    loop {
        while b < 10 {
            b += 1;
        }
        break;
    }
}

fn else_if_chain(a: i32) -> i32 {
    let mut b = a;
    if b == 1 {
        b = 2;
    } else if b == 2 {
        b = 3;
    } else if b == 3 {
        b = 4;
    } else {
        b = 5;
    }
    b
}
