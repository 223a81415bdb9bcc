#include "export/target_names.hpp"

#include <gtest/gtest.h>

namespace ccsalvage::exporting {
namespace {

TEST(TargetNames, MaildirFoldersUseModifiedUtf7AndNoHierarchySeparators) {
    EXPECT_EQ(maildir_folder_dir("Inbox"), "");
    EXPECT_EQ(maildir_folder_dir("INBOX"), "");
    EXPECT_EQ(maildir_folder_dir("Archiv 1997"), ".Archiv 1997");
    EXPECT_EQ(maildir_folder_dir("\xC3\x84gypten-Projekt"), ".&AMQ-gypten-Projekt");
    EXPECT_EQ(maildir_folder_dir("a.b/c"), ".a_b_c");
    EXPECT_EQ(maildir_folder_dir("Q&A"), ".Q&-A");
    EXPECT_EQ(maildir_folder_dir("../.."), "._____");
}

TEST(TargetNames, LabelsStayDistinctPerOriginal) {
    LabelSet labels;
    EXPECT_EQ(labels.claim("Jansen, Luis", "luis.jansen", 4), "luis.jansen");
    EXPECT_EQ(labels.claim("JANSEN, Luis", "luis.jansen", 9), "luis.jansen-9");
    EXPECT_EQ(labels.claim("Jansen, Luis", "luis.jansen", 4), "luis.jansen");
}

TEST(TargetNames, PostOfficeLabels) {
    EXPECT_EQ(post_office_label("HUBPO2"), "hubpo2");
    EXPECT_EQ(post_office_label(""), "ccm-files");
}

}  // namespace
}  // namespace ccsalvage::exporting
