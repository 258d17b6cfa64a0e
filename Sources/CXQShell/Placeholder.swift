let _x = 1
