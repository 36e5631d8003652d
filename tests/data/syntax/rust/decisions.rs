struct Decisions {
    value: i32,
}

impl Decisions {
    fn straight(a: i32) -> i32 {
        a + 1
    }

    fn branches(&self, a: i32, s: Option<&str>, list: &[i32]) -> Result<i32, String> {
        let mut b = a;
        if b > 0 {
            b += 1;
        } else if b < 0 {
            b -= 1;
        }
        if let Some(text) = s {
            b += text.len() as i32;
        }
        for x in list {
            b += x;
        }
        while b > 10 {
            b -= 1;
        }
        while let Some(y) = list.first() {
            b += y;
            break;
        }
        loop {
            break;
        }
        match b {
            1 | 2 => b = 3,
            n if n > 10 => b = 4,
            _ => b = 5,
        }
        let Some(first) = list.first() else {
            return Err("empty".to_string());
        };
        let parsed: i32 = "1".parse().map_err(|_| "bad".to_string())?;
        Ok(if b > 0 && *first > 0 || parsed > 0 { 1 } else { 0 })
    }

    fn closures(&self, list: &[i32]) -> Vec<i32> {
        let f = |x: i32| if x > 0 { x } else { -x };
        list.iter().map(|y| if *y > 0 { f(*y) } else { 0 }).collect()
    }

    fn generic<T>(&self, item: T) -> T
    where
        T: Clone,
    {
        item.clone()
    }

    fn in_macro(&self, a: i32) {
        assert!(a > 0 && a < 10);
        println!("{}", if a > 0 { 1 } else { 0 });
    }
}
