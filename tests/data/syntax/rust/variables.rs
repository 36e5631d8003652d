fn locals(list: &[(i32, i32)], text: Option<&str>) -> i32 {
    let a = 1;
    let mut b = 2;
    b = a + b;
    let (c, d) = (3, 4);
    for x in list {
        b += x.0;
    }
    for (k, v) in list {
        b += k + v;
    }
    if let Some(t) = text {
        b += t.len() as i32;
    }
    list.iter().for_each(|item| {
        let e = item.0;
    });
    b
}
