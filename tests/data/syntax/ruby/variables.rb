def locals(list)
  a = 1
  b, c = 2, 3
  a += b
  d ||= 4
  for x in list
    a += x
  end
  @field = a
  e = self.class
  list.each { |y| z = y }
  a
end
