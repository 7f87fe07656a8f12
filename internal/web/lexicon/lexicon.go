// Package lexicon is the keyword lexicon of search-engine spam (暗链 anchor
// texts and hidden keyword blocks) in Chinese and English: gambling,
// lottery, pornography, fake invoices, private game servers, illicit goods
// and loan fraud.
//
// Text is normalised before matching (Normalize): HTML character
// references are decoded, the text is put in NFKC (full-width letters and
// digits become ASCII), format characters such as zero-width spaces are
// dropped, the traditional characters of the lexicon's words are mapped to
// simplified ones, letters are lower-cased and separators between two CJK
// characters are removed ("博-彩", "博 彩" read as "博彩").
//
// Matching knows the usual false-positive traps: phrases such as 成人教育,
// 澳门旅游, 体育新闻 or 福利彩票 are blanked before matching, and a word
// right after a word of opposition (打击, 远离, 严禁 …) does not count, so
// an article against gambling is not gambling spam.
package lexicon

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Family is a family of spam words.
type Family string

// The families.
const (
	Gambling      Family = "gambling"
	Lottery       Family = "lottery"
	Porn          Family = "porn"
	Invoice       Family = "fake_invoice"
	PrivateServer Family = "private_server"
	Illicit       Family = "illicit_goods"
	Fraud         Family = "fraud_loan"
)

// Hit is one lexicon word found in a text.
type Hit struct {
	Word   string // the lexicon's (normalised) word
	Family Family
	// Strong words are spam on their own; weak ones (棋牌, 彩票, 激情 …)
	// have honest uses and count only beside other evidence (a hidden
	// link to another host).
	Strong bool
}

type term struct {
	word   string
	family Family
	strong bool
}

// words: strong unless listed in weak.
var words = map[Family][]string{
	Gambling: {"博彩", "百家乐", "赌场", "在线赌场", "网上赌场", "娱乐城", "真人娱乐", "真人视讯", "体育投注", "足球投注",
		"网投", "赌博网站", "网上赌博", "威尼斯人", "葡京", "金沙娱乐", "银河娱乐", "太阳城", "皇冠体育", "皇冠投注", "皇冠网",
		"老虎机", "电子游艺", "捕鱼游戏", "德州扑克", "炸金花", "龙虎斗", "赌球", "开元棋牌", "棋牌游戏", "亚博体育", "博狗",
		"bet365", "365bet", "casino", "baccarat", "bocai", "bo彩", "博cai", "du场", "赌chang", "娱乐官网", "博彩官网",
		"注册送", "彩金", "菠菜", "棋牌", "赌博", "押注", "下注"},
	Lottery: {"时时彩", "六合彩", "北京赛车", "北京pk10", "pk10", "幸运飞艇", "分分彩", "11选5", "彩票平台", "彩票网",
		"购彩", "彩票注册", "彩票app", "特码", "一肖", "马会资料", "六合", "彩票", "快三"},
	Porn: {"成人视频", "成人电影", "成人网站", "成人影院", "色情", "黄色网站", "黄片", "av电影", "av女优", "毛片", "一本道",
		"自拍偷拍", "三级片", "伦理片", "约炮", "裸聊", "porn", "xvideos", "hentai", "无码", "国产自拍", "偷拍", "激情", "人妻", "福利视频"},
	Invoice:       {"代开发票", "发票代开", "代开增值税", "增值税发票代开", "出售发票", "假发票", "开发票", "代开", "开票"},
	PrivateServer: {"私服", "传奇私服", "sf发布", "新开传奇", "传奇sf", "魔域私服", "奇迹私服", "外挂"},
	Illicit:       {"代孕", "办证", "假证", "仿真枪", "枪支出售", "迷药", "听话水", "春药", "催情", "冰毒", "窃听器", "黑客接单", "刷单"},
	Fraud:         {"网贷", "无抵押贷款", "信用卡套现", "套现", "裸贷", "黑户贷款", "快速贷款", "兼职刷单", "刷单兼职", "代办信用卡", "秒批"},
}

var weak = map[string]bool{
	"棋牌": true, "赌博": true, "押注": true, "下注": true, "六合": true, "彩票": true, "快三": true, "无码": true, "国产自拍": true,
	"偷拍": true, "激情": true, "人妻": true, "福利视频": true, "开发票": true, "代开": true, "开票": true, "外挂": true,
	"刷单": true, "套现": true, "秒批": true, "网投": true, "注册送": true, "彩金": true, "菠菜": true, "du场": true,
}

// composites: a place word followed, within a few characters, by a word
// that makes it gambling (澳门…赌场, 澳门…官网).
var composites = []struct {
	head  string
	tails []string
	fam   Family
}{
	{"澳门", []string{"赌场", "娱乐城", "娱乐", "官网", "博彩", "威尼斯人", "葡京", "金沙", "赌", "彩", "开奖", "网投", "注册"}, Gambling},
	{"香港", []string{"六合彩", "马会", "开奖", "彩"}, Lottery},
	{"真人", []string{"百家乐", "荷官", "棋牌", "视讯"}, Gambling},
	{"体育", []string{"投注", "下注", "博彩", "官网app", "平台注册"}, Gambling},
	{"成人", []string{"视频", "电影", "影院", "网站", "图片", "小说", "直播"}, Porn},
}

// traps are phrases with honest meanings that contain a spam word or
// a composite head and tail; they are blanked before matching.
var traps = []string{
	"成人教育", "成人高考", "成人学历", "成人本科", "成人专科", "成人高等", "成人继续教育",
	"澳门旅游", "澳门特别行政区", "澳门大学", "澳门科技大学", "澳门理工", "澳门回归", "澳门特区",
	"体育新闻", "体育学院", "体育彩票", "福利彩票", "彩票中心", "彩票发行", "彩票管理", "彩票公益金",
	"中国体育彩票", "中国福利彩票", "激情燃烧", "激情澎湃", "青春激情",
	"香港特别行政区", "香港大学", "香港中文大学", "棋牌室管理", "棋牌协会",
}

// opposers: a spam word right after one of these is about fighting it.
var opposers = []string{"打击", "远离", "严禁", "禁止", "警惕", "谨防", "防范", "举报", "取缔", "抵制", "整治", "拒绝", "反对", "杜绝", "严打"}

var (
	terms []term
	// heads lists the indices in terms by the first rune of the word.
	byFirst = map[rune][]int{}
)

func init() {
	for fam, ws := range words {
		for _, w := range ws {
			w = Normalize(w)
			terms = append(terms, term{w, fam, !weak[w]})
		}
	}
	// Longest first, so the most specific word is reported.
	sort.Slice(terms, func(i, j int) bool {
		if a, b := utf8.RuneCountInString(terms[i].word), utf8.RuneCountInString(terms[j].word); a != b {
			return a > b
		}
		return terms[i].word < terms[j].word
	})
	for i, t := range terms {
		r, _ := utf8.DecodeRuneInString(t.word)
		byFirst[r] = append(byFirst[r], i)
	}
}

// t2s maps the traditional characters of the lexicon's words (and of
// the traps and opposers) to simplified ones.
var t2s = map[rune]rune{
	'門': '门', '場': '场', '樂': '乐', '娛': '娱', '體': '体', '註': '注', '網': '网', '賭': '赌', '時': '时', '車': '车',
	'賽': '赛', '視': '视', '訊': '讯', '頻': '频', '電': '电', '發': '发', '開': '开', '傳': '传', '貸': '贷', '亞': '亚',
	'機': '机', '遊': '游', '藝': '艺', '魚': '鱼', '撲': '扑', '龍': '龙', '鬥': '斗', '證': '证', '辦': '办', '槍': '枪',
	'藥': '药', '竊': '窃', '聽': '听', '話': '话', '無': '无', '碼': '码', '黃': '黄', '倫': '伦', '級': '级', '約': '约',
	'銀': '银', '陽': '阳', '線': '线', '國': '国', '產': '产', '馬': '马', '會': '会', '資': '资', '選': '选', '飛': '飞',
	'運': '运', '現': '现', '單': '单', '職': '职', '錢': '钱', '贏': '赢', '買': '买', '賣': '卖', '蹟': '迹', '幣': '币',
	'區': '区', '盤': '盘', '賠': '赔', '獎': '奖', '號': '号', '擊': '击', '遠': '远', '離': '离', '嚴': '严', '舉': '举',
	'報': '报', '範': '范', '謹': '谨', '學': '学', '歷': '历', '別': '别', '聞': '闻', '東': '东', '億': '亿', '鋪': '铺',
	'園': '园', '戲': '戏', '壺': '壶', '牽': '牵', '雜': '杂', '圖': '图', '說': '说', '專': '专', '繼': '继', '續': '续',
	'協': '协', '彈': '弹', '營': '营', '圓': '圆', '員': '员', '詐': '诈', '騙': '骗', '題': '题', '溫': '温', '華': '华',
	'後': '后', '臺': '台', '檯': '台', '淨': '净', '衛': '卫', '點': '点', '擬': '拟', '儀': '仪', '麗': '丽', '鐘': '钟',
	'際': '际', '業': '业', '務': '务', '處': '处', '應': '应', '對': '对', '經': '经', '為': '为', '們': '们', '裡': '里',
	'徵': '征', '傭': '佣', '帶': '带', '醫': '医', '滿': '满', '與': '与', '來': '来', '個': '个', '這': '这',
	'險': '险', '緝': '缉', '壞': '坏', '錄': '录', '頁': '页', '載': '载', '導': '导', '訂': '订', '價': '价',
	'雙': '双', '贊': '赞', '優': '优', '驗': '验', '鬧': '闹', '寶': '宝', '興': '兴', '輪': '轮', '盧': '卢', '極': '极',
	'懷': '怀', '庫': '库', '憑': '凭', '據': '据', '額': '额', '貨': '货', '兌': '兑', '換': '换', '質': '质', '權': '权',
	'齊': '齐', '財': '财', '講': '讲', '錯': '错', '總': '总', '鎮': '镇', '臉': '脸', '紅': '红', '間': '间',
	'認': '认', '鄉': '乡', '屬': '属', '盜': '盗', '賬': '账', '戶': '户', '禮': '礼', '豐': '丰', '瑪': '玛', '亂': '乱',
	'灣': '湾', '餘': '余', '婦': '妇', '媽': '妈', '夠': '够', '牆': '墙', '鐵': '铁', '長': '长', '關': '关',
}

// IsCJK reports a Han, Hiragana, Katakana or Hangul character.
func IsCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// Normalize prepares text for matching (see the package comment).
func Normalize(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = norm.NFKC.String(s)
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r), r == '\u3164', r == '\u115f', r == '\u1160', r == '\uffa0', r == '\u034f':
			continue // format characters: zero-width space and joiners, BOM, soft hyphen, fillers
		case r == utf8.RuneError:
			continue
		}
		if m, ok := t2s[r]; ok {
			r = m
		}
		rs = append(rs, unicode.ToLower(r))
	}
	// Separators between two CJK characters go; other runs of separators
	// become one space.
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		r := rs[i]
		if isLetterOrDigit(r) {
			b.WriteRune(r)
			i++
			continue
		}
		j := i
		for j < len(rs) && !isLetterOrDigit(rs[j]) {
			j++
		}
		if i > 0 && j < len(rs) && IsCJK(rs[i-1]) && IsCJK(rs[j]) && j-i <= 3 {
			i = j
			continue
		}
		if j-i == 1 && !unicode.IsSpace(r) {
			b.WriteRune(r) // a single punctuation mark between words stays (a URL, "11-5")
		} else {
			b.WriteByte(' ')
		}
		i = j
	}
	return b.String()
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Match returns the lexicon words in text (which is normalised first),
// each word once, in the order found.
func Match(text string) []Hit {
	s := Normalize(text)
	if s == "" {
		return nil
	}
	for _, t := range traps {
		if strings.Contains(s, t) {
			s = strings.ReplaceAll(s, t, strings.Repeat(" ", len(t)))
		}
	}
	var hits []Hit
	seen := map[string]bool{}
	add := func(h Hit) {
		if !seen[h.Word] {
			seen[h.Word] = true
			hits = append(hits, h)
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		matched := 0
		for _, ti := range byFirst[r] {
			t := terms[ti]
			if strings.HasPrefix(s[i:], t.word) && !opposed(s, i) && !asciiInside(s, i, len(t.word)) {
				add(Hit{Word: t.word, Family: t.family, Strong: t.strong})
				matched = len(t.word)
				break
			}
		}
		for _, c := range composites {
			if !strings.HasPrefix(s[i:], c.head) || opposed(s, i) {
				continue
			}
			rest := s[i+len(c.head):]
			window := rest
			if n := runeIndex(window, 8); n >= 0 {
				window = window[:n]
			}
			for _, tail := range c.tails {
				if strings.Contains(window, tail) {
					add(Hit{Word: c.head + "…" + tail, Family: c.fam, Strong: true})
					break
				}
			}
		}
		if matched > 0 {
			i += matched
		} else {
			i += size
		}
	}
	// A composite whose tail was found as a word of its own adds nothing.
	out := hits[:0]
	for _, h := range hits {
		if head, tail, ok := strings.Cut(h.Word, "…"); ok && head != "" && seen[tail] {
			continue
		}
		out = append(out, h)
	}
	return out
}

// asciiInside reports an ASCII word (casino, porn) matched inside a longer
// ASCII word (occasion is not casino).
func asciiInside(s string, i, n int) bool {
	isw := func(c byte) bool { return c >= 'a' && c <= 'z' }
	if !isw(s[i]) {
		return false
	}
	return (i > 0 && isw(s[i-1])) || (i+n < len(s) && isw(s[i+n]) && isw(s[i+n-1]))
}

// opposed reports a word of opposition in the few characters before i.
func opposed(s string, i int) bool {
	start := i
	for k := 0; k < 6 && start > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	before := s[start:i]
	for _, o := range opposers {
		if strings.Contains(before, o) {
			return true
		}
	}
	return false
}

// runeIndex returns the byte offset of the n-th rune of s, or -1.
func runeIndex(s string, n int) int {
	k := 0
	for i := range s {
		if k == n {
			return i
		}
		k++
	}
	return -1
}

// Families returns the distinct families of hits, sorted.
func Families(hits []Hit) []string {
	set := map[string]bool{}
	for _, h := range hits {
		set[string(h.Family)] = true
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// AnyStrong reports a strong hit.
func AnyStrong(hits []Hit) bool {
	for _, h := range hits {
		if h.Strong {
			return true
		}
	}
	return false
}

// Density is the share of text's letters and digits (after
// normalisation) inside occurrences of lexicon words, weak or strong, not
// after a word of opposition: near 0 for an ordinary page, high for a
// keyword-stuffed doorway page. Words inside ASCII words do not count.
func Density(text string) float64 {
	s := Normalize(text)
	if s == "" {
		return 0
	}
	for _, t := range traps {
		if strings.Contains(s, t) {
			s = strings.ReplaceAll(s, t, strings.Repeat(" ", len(t)))
		}
	}
	total, covered := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isLetterOrDigit(r) {
			total++
		}
		matched := 0
		for _, ti := range byFirst[r] {
			t := terms[ti]
			if strings.HasPrefix(s[i:], t.word) && !opposed(s, i) && !asciiInside(s, i, len(t.word)) {
				matched = len(t.word)
				break
			}
		}
		if matched > 0 {
			for _, r := range s[i+size : i+matched] {
				if isLetterOrDigit(r) {
					total++
				}
			}
			covered += utf8.RuneCountInString(s[i : i+matched])
			i += matched
		} else {
			i += size
		}
	}
	if total == 0 {
		return 0
	}
	if covered > total {
		covered = total
	}
	return float64(covered) / float64(total)
}
