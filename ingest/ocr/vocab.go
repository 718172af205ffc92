package ocr

// vocabText is administrative Vietnamese written for this package: the
// phrases, titles and organisation names that recur in Party and State
// documents. Syllable and bigram counts are derived from it at start-up
// and let the corrector choose between candidate spellings by context.
// It is not taken from any document the system is evaluated on.
const vocabText = `
ĐẢNG CỘNG SẢN VIỆT NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐẢNG BỘ TỈNH, ĐẢNG BỘ HUYỆN, ĐẢNG BỘ THÀNH PHỐ, ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH
BAN CHẤP HÀNH TRUNG ƯƠNG, BAN BÍ THƯ, BỘ CHÍNH TRỊ, VĂN PHÒNG TRUNG ƯƠNG ĐẢNG
TỈNH ỦY, THÀNH ỦY, HUYỆN ỦY, THỊ ỦY, ĐẢNG ỦY XÃ, ĐẢNG ỦY KHỐI
ỦY BAN NHÂN DÂN TỈNH, ỦY BAN NHÂN DÂN HUYỆN, ỦY BAN NHÂN DÂN XÃ, HỘI ĐỒNG NHÂN DÂN
ỦY BAN KIỂM TRA, BAN TỔ CHỨC, BAN TUYÊN GIÁO, BAN DÂN VẬN, BAN NỘI CHÍNH, VĂN PHÒNG HUYỆN ỦY
Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy, Ban Thường vụ Thành ủy, Ban Thường vụ Đảng ủy
Thường trực Huyện ủy, Thường trực Tỉnh ủy, Thường trực Hội đồng nhân dân
Ban Tổ chức Huyện ủy, Ban Tổ chức Tỉnh ủy, Ban Tuyên giáo Huyện ủy, Ban Dân vận Huyện ủy
Ủy ban Kiểm tra Huyện ủy, Văn phòng Huyện ủy, Văn phòng Tỉnh ủy, Trung tâm Chính trị huyện
Ủy ban Mặt trận Tổ quốc Việt Nam, Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội
Hội Liên hiệp Phụ nữ, Hội Nông dân, Hội Cựu chiến binh, Đoàn Thanh niên Cộng sản Hồ Chí Minh, Liên đoàn Lao động
Công an huyện, Ban Chỉ huy Quân sự huyện, Phòng Nội vụ, Phòng Tài chính - Kế hoạch, Phòng Giáo dục và Đào tạo
Sở Nội vụ, Sở Tài chính, Sở Kế hoạch và Đầu tư, Sở Giáo dục và Đào tạo, Sở Y tế, Sở Tư pháp
Chủ tịch Ủy ban nhân dân, Phó Chủ tịch, Bí thư, Phó Bí thư, Trưởng ban, Phó Trưởng ban, Chánh Văn phòng
T/M BAN THƯỜNG VỤ, T/M BAN CHẤP HÀNH, K/T BÍ THƯ, PHÓ BÍ THƯ, TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH
Số, ngày, tháng, năm, Kính gửi, Nơi nhận, Như kính gửi, Như trên, Lưu Văn phòng, Lưu văn thư
- Như kính gửi, - Thường trực Huyện ủy, - Các đ/c Huyện ủy viên, - Lưu Văn phòng Huyện ủy.
V/v triển khai thực hiện, Về việc tăng cường công tác, Về việc tổ chức thực hiện
NGHỊ QUYẾT, QUYẾT ĐỊNH, CHỈ THỊ, KẾT LUẬN, QUY CHẾ, QUY ĐỊNH, THÔNG BÁO, HƯỚNG DẪN, BÁO CÁO, KẾ HOẠCH, CHƯƠNG TRÌNH, TỜ TRÌNH, CÔNG VĂN, BIÊN BẢN, ĐỀ ÁN, THÔNG TRI
Căn cứ Điều lệ Đảng; căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ huyện khóa mới, nhiệm kỳ 2020 - 2025;
Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Nghị định của Chính phủ; theo đề nghị của Trưởng phòng Nội vụ
Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ, Thực hiện Chỉ thị của Ban Bí thư, Thực hiện Kết luận của Bộ Chính trị
Thực hiện Công văn số của Ban Tổ chức Tỉnh ủy về việc tạo nguồn phát triển đảng viên
Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức cơ sở đảng, các cơ quan, đơn vị tập trung thực hiện tốt một số nhiệm vụ sau:
Ban Thường vụ Tỉnh ủy chỉ đạo các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội
các cấp ủy, tổ chức đảng, tổ chức cơ sở đảng, chi bộ, đảng viên, cán bộ, công chức, viên chức và người lao động
Các tổ chức cơ sở đảng trực thuộc Huyện ủy, các chi bộ, đảng bộ cơ sở, các đảng bộ xã, thị trấn
công tác phát triển đảng viên, công tác tạo nguồn kết nạp đảng viên mới, công tác quản lý đảng viên
nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ cán bộ, đảng viên
tăng cường sự lãnh đạo của Đảng, chỉ đạo, tổ chức thực hiện, kiểm tra, giám sát, đôn đốc, hướng dẫn
quán triệt, tuyên truyền, phổ biến, học tập, triển khai thực hiện nghiêm túc, có hiệu quả
tổng hợp, báo cáo kết quả thực hiện về Thường trực Huyện ủy (qua Ban Tổ chức) trước ngày
định kỳ 6 tháng, hằng năm, báo cáo sơ kết, tổng kết, đánh giá kết quả, rút kinh nghiệm
chủ trì, phối hợp với các cơ quan, đơn vị liên quan, tham mưu cho Ban Thường vụ Huyện ủy
Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Ủy ban Kiểm tra Huyện ủy và các cơ quan liên quan theo dõi, đôn đốc
Giao Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện, định kỳ báo cáo Ban Thường vụ Huyện ủy
đồng thời, kịp thời, thường xuyên, chủ động, tích cực, nghiêm túc, đầy đủ, đúng quy định, đảm bảo chất lượng, đảm bảo tiến độ, đảm bảo an toàn
phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội, xây dựng hệ thống chính trị
thực hành tiết kiệm, chống lãng phí, phòng, chống tham nhũng, tiêu cực, cải cách hành chính
xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh
những kết quả đạt được, những khó khăn, hạn chế, tồn tại, nguyên nhân, bài học kinh nghiệm
tình hình thực hiện, nhiệm vụ và giải pháp, mục tiêu, chỉ tiêu, nội dung, thời gian, địa điểm, thành phần, kinh phí
sinh hoạt chi bộ, sinh hoạt chuyên đề, nội dung, chất lượng sinh hoạt, đánh giá, xếp loại chất lượng
đảng viên giữ mối liên hệ nơi cư trú, quần chúng ưu tú, đối tượng kết nạp, hồ sơ kết nạp đảng
Đảng viên mới, đoàn viên thanh niên, hội viên, dân quân, dự bị động viên, thanh niên trong độ tuổi nhập ngũ
trên địa bàn huyện, trên địa bàn tỉnh, ở khu dân cư, thôn, tổ dân phố, doanh nghiệp, trường học
cơ quan, đơn vị, địa phương, người đứng đầu, cấp ủy, chính quyền, thủ trưởng cơ quan, đơn vị
Ủy ban nhân dân huyện, Ủy ban nhân dân các xã, thị trấn, Hội đồng nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh
Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo để xem xét, giải quyết
để tổng hợp theo dõi, để chỉ đạo, để biết, để thực hiện, để báo cáo, về việc, về công tác
gửi Kế hoạch về Thường trực Huyện ủy, gửi báo cáo về Văn phòng Huyện ủy, gửi về Ban Tổ chức
xây dựng, ban hành kế hoạch, chỉ tiêu phấn đấu, bình xét, xếp loại thi đua, khen thưởng, kỷ luật
đề ra, góp phần, trẻ hóa, kế thừa, quy hoạch, đào tạo, bồi dưỡng, luân chuyển, bố trí, sử dụng cán bộ
vi phạm, xử lý kỷ luật, xóa tên, ra khỏi đảng, miễn sinh hoạt đảng, chuyển sinh hoạt đảng
chính sách dân số, kế hoạch hóa gia đình, chuyển đổi số, chính quyền số, kinh tế số, xã hội số
Chỉ thị này được phổ biến đến chi bộ. Nghị quyết này được phổ biến đến chi bộ.
Nơi nhận: - Như trên, - Lưu VT. Như Điều 3; Lưu: VT, NV.
tổ chức, tổ chức đảng, tổ chức thực hiện, tổ chức cơ sở đảng, tổ chức bộ máy, tổ chức hội nghị
thông báo, thông tin, thông qua, thống nhất, thường xuyên, trường hợp, trách nhiệm, trực thuộc
của, và, các, có, được, trong, những, một, số, cho, với, theo, đã, đến, từ, tại, về, để, là, không, này, khi, như, trên
`
