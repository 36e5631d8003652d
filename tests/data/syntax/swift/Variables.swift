func locals(_ list: [(Int, Int)], _ text: String?) -> Int {
    let a = 1
    var b = 2
    b = a + b
    let (c, d) = (3, 4)
    for x in list {
        b += x.0
    }
    if let t = text {
        b += t.count
    }
    guard let u = text else {
        return b
    }
    list.forEach { item in let e = item.0 }
    return b + u.count
}
