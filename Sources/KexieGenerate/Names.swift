/// Character lists for fictional person names, and the fixed name endings of organizations,
/// institutions and workplaces.
enum Names {
    static let surnames: [[UInt8]] = chars("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given: [[UInt8]] = chars("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文志海波宁宇浩鑫晨阳欣怡佳琪俊峰雪梅林斌丹婷健新春晓颖凯亮松淑珍琳慧博飞云翔瑞杨帆嘉振东岩彬")

    static func chars(_ s: String) -> [[UInt8]] { s.map { Array(String($0).utf8) } }

    static let enterpriseWords = ["华科", "源航", "达衡", "渤创", "星海", "恒信", "中科", "瑞丰", "博远", "金穗", "海川", "泰和", "新元", "启明", "融通", "盛禾"]
    static let enterpriseFields = ["电子信息", "生物医药", "新材料", "智能装备", "软件", "化工", "现代农业", "节能环保", "精密仪器", "食品"]
    static let universityKinds = ["理工大学", "医科大学", "农业大学", "师范学院", "职业技术学院", "科技大学"]
    static let parkKinds = ["高新技术产业园", "科技园", "农业科技园区", "经济技术开发区"]

    /// Region name endings dropped before a suffix (花园路社区居委会 → 花园路社区, 张村村委会 → 张村).
    static let droppedEndings: [[UInt8]] = ["村民委员会", "居民委员会", "居委会", "委会"].map { Array($0.utf8) }
}
